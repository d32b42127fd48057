namespace Closient.AppHost.Hosting;

sealed class RabbitMQServerResource(string name, int port) : Resource(name)
{
    /// <summary>Services read the broker from ConnectionStrings__messaging whatever the resource is called.</summary>
    public const string ConnectionName = "messaging";

    public int Port => port;
}
