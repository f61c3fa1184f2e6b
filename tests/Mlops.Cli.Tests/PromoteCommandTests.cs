namespace Mlops.Cli.Tests;

public sealed class PromoteCommandTests(TrainedModels models) : CliTest(models)
{
    [Fact]
    public async Task Request_then_approve_by_another_actor_moves_the_alias()
    {
        var request = await Mlops("promote", "request", SeededStore.Model, "champion", "2", "--comment", "better accuracy", "--actor", "alice", "--json");
        request.ExitCode.Should().Be(0, request.ToString());
        var requested = request.Json();
        requested.GetProperty("status").GetString().Should().Be("Pending");
        requested.GetProperty("requestedBy").GetString().Should().Be("alice");
        var id = requested.GetProperty("id").GetString()!;

        var approve = await Mlops("promote", "approve", id, "--actor", "bob", "--json");

        approve.ExitCode.Should().Be(0, approve.ToString());
        var approved = approve.Json();
        approved.GetProperty("status").GetString().Should().Be("Approved");
        approved.GetProperty("approvals").EnumerateArray().Select(a => a.GetProperty("approver").GetString()).Should().Equal("bob");
        var model = (await Mlops("models", "list", "--json")).Json().GetProperty("models")[0];
        model.GetProperty("aliases").GetProperty("champion").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Reject_closes_the_request_and_leaves_the_alias()
    {
        var id = (await Mlops("promote", "request", SeededStore.Model, "champion", "2", "--actor", "alice", "--json")).Json().GetProperty("id").GetString()!;

        var reject = await Mlops("promote", "reject", id, "--comment", "not yet", "--actor", "bob", "--json");

        reject.ExitCode.Should().Be(0, reject.ToString());
        reject.Json().GetProperty("status").GetString().Should().Be("Rejected");
        var list = (await Mlops("promote", "list", "--json")).Json().GetProperty("requests");
        list.EnumerateArray().Single().GetProperty("resolvedBy").GetString().Should().Be("bob");
        var model = (await Mlops("models", "list", "--json")).Json().GetProperty("models")[0];
        model.GetProperty("aliases").GetProperty("champion").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task The_author_of_the_version_cannot_approve_and_the_tool_exits_4()
    {
        var id = (await Mlops("promote", "request", SeededStore.Model, "champion", "2", "--actor", "alice", "--json")).Json().GetProperty("id").GetString()!;

        var approve = await Mlops("promote", "approve", id, "--actor", SeededStore.Seeder);

        approve.ExitCode.Should().Be(4, approve.ToString());
        ShouldBeAMessage(approve);
        approve.Stderr.Should().Contain("separation of duties");
    }

    [Fact]
    public async Task Approving_an_unknown_request_exits_3()
    {
        var approve = await Mlops("promote", "approve", "no-such-request", "--actor", "bob");

        approve.ExitCode.Should().Be(3, approve.ToString());
        ShouldBeAMessage(approve);
    }
}
