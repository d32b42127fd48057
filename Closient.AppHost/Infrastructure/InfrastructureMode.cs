namespace Closient.AppHost.Infrastructure;

/// <summary>Where PostgreSQL and RabbitMQ come from (CLOSIENT_INFRA): Docker when an engine answers, else local processes.</summary>
enum InfrastructureMode { Auto, Local, Docker }
