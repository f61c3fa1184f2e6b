using System.Net;
using Microsoft.AspNetCore.Http;

namespace Mlops.AspNetCore.Dashboard.Internal;

/// <summary>Hangfire's default rule: a request is local when it comes from loopback or from the server's own address.</summary>
internal static class LocalRequests
{
    public static bool IsLocal(ConnectionInfo connection)
    {
        var remote = connection.RemoteIpAddress;
        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        var local = connection.LocalIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : connection.LocalIpAddress;
        return IPAddress.IsLoopback(remote) || remote.Equals(local);
    }
}
