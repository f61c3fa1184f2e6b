using System.Text;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mlops.Governance.Tests.Policies;

/// <summary>Policies from code and from configuration, validated when they are registered.</summary>
public sealed class PromotionPolicyRegistrationTests(TrainedModels models)
{
    private const string Json = """
        {
          "Governance": {
            "PromotionPolicies": {
              "production": {
                "Models": [ "penguin-species" ],
                "RequirePassingValidation": true,
                "RequiredChecks": [ "evaluation" ],
                "RequiredApprovals": 1,
                "RequireCompatibleSignature": true,
                "AllowedPromoters": [ "alice", "role:ml-leads" ]
              },
              "staging": { "RequiredApprovals": 2 }
            }
          }
        }
        """;

    private static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static List<PromotionPolicyRule> Rules(Action<GovernanceBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m.AddGovernance(configure));
        using var provider = services.BuildServiceProvider();
        return provider.GetServices<PromotionPolicyRule>().ToList();
    }

    [Fact]
    public void A_policy_bound_from_configuration_equals_the_same_policy_in_code()
    {
        var fromConfig = Rules(g => g.AddPromotionPolicies(Configuration(Json).GetSection("Governance:PromotionPolicies")));
        var fromCode = Rules(g => g
            .AddPromotionPolicy("production", p =>
            {
                p.Models.Add("penguin-species");
                p.RequirePassingValidation = true;
                p.RequiredChecks.Add("evaluation");
                p.RequiredApprovals = 1;
                p.RequireCompatibleSignature = true;
                p.AllowedPromoters.Add("alice");
                p.AllowedPromoters.Add("role:ml-leads");
            })
            .AddPromotionPolicy("staging", p => p.RequiredApprovals = 2));

        fromConfig.Should().HaveCount(2);
        fromConfig.Should().BeEquivalentTo(fromCode, o => o.WithStrictOrdering());
        fromConfig[0].AllowedPromoters.Should().Equal("alice", "role:ml-leads");
    }

    [Fact]
    public async Task A_configured_policy_is_enforced()
    {
        var section = Configuration("""{ "production": { "RequiredApprovals": 1, "AllowedPromoters": [ "alice" ] } }""");
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicies(section));
        var v1 = await h.RegisterAsync("alice");

        var denied = await FluentActions.Awaiting(() => h.As("bob").GetRequiredService<Registry.IModelRegistry>().SetAliasAsync("penguins", "production", v1.Version, null, TestContext.Current.CancellationToken))
            .Should().ThrowAsync<MlopsPolicyDeniedException>();
        denied.Which.UnmetRequirements.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("RequiredApprovals")]
    [InlineData("RequiredChecks")]
    [InlineData("AllowedPromoters")]
    [InlineData("Models")]
    [InlineData("alias")]
    public void An_invalid_policy_is_refused_at_registration_naming_the_field(string field)
    {
        var services = new ServiceCollection();
        var act = () => services.AddMlops(m => m.AddGovernance(g => g.AddPromotionPolicy(field == "alias" ? "latest" : "production", p =>
        {
            switch (field)
            {
                case "RequiredApprovals": p.RequiredApprovals = -1; break;
                case "RequiredChecks": p.RequiredChecks.Add("accuracy"); break;
                case "AllowedPromoters": p.AllowedPromoters.Add(" "); break;
                case "Models": p.Models.Add("bad/name"); break;
            }
        })));

        act.Should().Throw<MlopsValidationException>().Which.Field.Should().Be(field);
    }

    [Fact]
    public void An_unknown_or_mistyped_setting_in_configuration_is_refused()
    {
        var services = new ServiceCollection();
        var unknown = () => services.AddMlops(m => m.AddGovernance(g => g.AddPromotionPolicies(Configuration("""{ "production": { "RequiredApproval": 1 } }"""))));
        unknown.Should().Throw<MlopsValidationException>().Which.Message.Should().Contain("RequiredApproval");

        var mistyped = () => services.AddMlops(m => m.AddGovernance(g => g.AddPromotionPolicies(Configuration("""{ "production": { "RequiredApprovals": "two" } }"""))));
        mistyped.Should().Throw<MlopsValidationException>().Which.Message.Should().Contain("RequiredApprovals");
    }
}
