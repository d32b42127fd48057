namespace Closient.AppHost.Processes;

enum ResourceState { Starting, Running, Healthy, Unhealthy, Stopped, Failed }

enum HealthStatus { Unknown, Healthy, Unhealthy }
