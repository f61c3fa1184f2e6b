using CsCheck;

namespace Mlops.Core.Tests.Errors;

public sealed class InputRulesTests
{
    [Fact]
    public void Key_of_250_characters_is_valid_and_251_is_refused_naming_the_length()
    {
        InputRules.IsValidKey(new string('k', 250)).Should().BeTrue();
        InputRules.ValidateKey("metric key", new string('k', 250));

        var tooLong = new string('k', 251);
        var act = () => InputRules.ValidateKey("metric key", tooLong);

        var error = act.Should().Throw<MlopsValidationException>().Which;
        error.Field.Should().Be("metric key");
        error.Value.Should().Be(tooLong);
        error.Rule.Should().Contain("at most 250").And.Contain("251");
        error.Message.Should().Contain("metric key").And.Contain(tooLong[..100]).And.Contain("at most 250");
    }

    [Theory]
    [InlineData("loss")]
    [InlineData("train/loss")]
    [InlineData("a_b-c.d/e f")]
    [InlineData("Größe")]
    [InlineData("準確度")]
    [InlineData("a..b")]
    [InlineData("..a")]
    [InlineData("a..")]
    [InlineData("a/..b")]
    [InlineData("a/b../c")]
    [InlineData("...")]
    public void Keys_of_allowed_characters_without_a_dotdot_segment_are_valid(string key)
    {
        InputRules.IsValidKey(key).Should().BeTrue();
        var act = () => InputRules.ValidateKey("param key", key);
        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("a!b")]
    [InlineData("a:b")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a=b")]
    [InlineData("a,b")]
    [InlineData("a'b")]
    [InlineData("a\"b")]
    [InlineData("a😀b")]
    public void Keys_with_other_characters_are_refused_naming_the_allowed_characters(string key)
    {
        var act = () => InputRules.ValidateKey("tag key", key);

        var error = act.Should().Throw<MlopsValidationException>().Which;
        error.Field.Should().Be("tag key");
        error.Value.Should().Be(key);
        error.Message.Should().Contain(key).And.Contain("letters, digits");
    }

    [Theory]
    [InlineData("/loss")]
    [InlineData("/")]
    public void Keys_with_a_leading_slash_are_refused(string key)
    {
        var act = () => InputRules.ValidateKey("metric key", key);

        act.Should().Throw<MlopsValidationException>().Which.Rule.Should().Contain("must not start with '/'");
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../a")]
    [InlineData("a/..")]
    [InlineData("a/../b")]
    [InlineData("a/b/../../c")]
    public void Keys_with_a_dotdot_segment_are_refused(string key)
    {
        InputRules.IsValidKey(key).Should().BeFalse();
        var act = () => InputRules.ValidateKey("param key", key);

        act.Should().Throw<MlopsValidationException>().Which.Rule.Should().Contain("no '..' segment");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Empty_keys_are_refused(string? key)
    {
        var act = () => InputRules.ValidateKey("metric key", key);

        act.Should().Throw<MlopsValidationException>().Which.Rule.Should().Contain("must not be empty");
    }

    [Fact]
    public void IsValidKey_agrees_with_a_reference_model_of_the_documented_rule()
    {
        // Reference: 1..250 characters from the allowed set, no leading '/', and no segment (between '/') that is "..".
        static bool Reference(string key) =>
            key.Length is > 0 and <= 250
            && key[0] != '/'
            && key.All(c => char.IsAsciiLetterOrDigit(c) || "_-./ ".Contains(c, StringComparison.Ordinal) || (c > 127 && char.IsLetterOrDigit(c)))
            && !key.Split('/').Contains("..");

        var keys = Gen.OneOf(
            Gen.Char["ab./ _-:\\é"].Array[0, 12].Select(chars => new string(chars)),
            Gen.Char['a', 'z'].Array[245, 255].Select(chars => new string(chars)));

        keys.Sample(key => InputRules.IsValidKey(key) == Reference(key), iter: 5000);
    }

    [Fact]
    public void Param_value_of_6000_characters_is_valid_and_6001_is_refused()
    {
        InputRules.ValidateParamValue("lr", new string('v', 6000));

        var act = () => InputRules.ValidateParamValue("lr", new string('v', 6001));

        var error = act.Should().Throw<MlopsValidationException>().Which;
        error.Field.Should().Be("value of param 'lr'");
        error.Rule.Should().Contain("at most 6000").And.Contain("6001");
        error.Message.Should().Contain("param 'lr'").And.Contain(new string('v', 117) + "...");
    }

    [Fact]
    public void Tag_value_of_5000_characters_is_valid_and_5001_is_refused()
    {
        InputRules.ValidateTagValue("owner", new string('v', 5000));

        var act = () => InputRules.ValidateTagValue("owner", new string('v', 5001));

        var error = act.Should().Throw<MlopsValidationException>().Which;
        error.Field.Should().Be("value of tag 'owner'");
        error.Rule.Should().Contain("at most 5000").And.Contain("5001");
    }

    [Fact]
    public void Null_param_and_tag_values_are_refused_and_empty_ones_accepted()
    {
        var param = () => InputRules.ValidateParamValue("lr", null);
        var tag = () => InputRules.ValidateTagValue("owner", null);

        param.Should().Throw<MlopsValidationException>().Which.Message.Should().Contain("<null>").And.Contain("must not be null");
        tag.Should().Throw<MlopsValidationException>().Which.Message.Should().Contain("<null>").And.Contain("must not be null");
        InputRules.ValidateParamValue("lr", string.Empty);
        InputRules.ValidateTagValue("owner", string.Empty);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\u0001b")]
    [InlineData("line\nbreak")]
    public void Names_that_are_empty_or_hold_control_characters_are_refused(string name)
    {
        var act = () => InputRules.ValidateName("run name", name);

        act.Should().Throw<MlopsValidationException>().Which.Field.Should().Be("run name");
    }

    [Fact]
    public void Name_of_500_characters_is_valid_and_501_is_refused()
    {
        InputRules.ValidateName("experiment name", new string('n', 500));

        var act = () => InputRules.ValidateName("experiment name", new string('n', 501));

        act.Should().Throw<MlopsValidationException>().Which.Rule.Should().Contain("at most 500").And.Contain("501");
    }

    [Theory]
    [InlineData("model.zip")]
    [InlineData("model/model.zip")]
    [InlineData("plots/roc curve.png")]
    [InlineData("a..b/c")]
    [InlineData("..a/b..")]
    [InlineData("données/übersicht.csv")]
    public void Relative_artifact_paths_are_valid(string path)
    {
        var act = () => InputRules.ValidateArtifactPath(path);

        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("../x", "path traversal")]
    [InlineData("a/../b", "path traversal")]
    [InlineData("a/..", "path traversal")]
    [InlineData("..", "path traversal")]
    [InlineData("./a", "'.'")]
    [InlineData("a/./b", "'.'")]
    [InlineData("a//b", "empty")]
    [InlineData("a/", "empty")]
    [InlineData("/abs", "no leading '/'")]
    [InlineData("/etc/passwd", "no leading '/'")]
    [InlineData("a\\b", "no '\\'")]
    [InlineData("..\\..\\x", "no '\\'")]
    [InlineData("C:x", "drive or scheme")]
    [InlineData("C:/Windows", "drive or scheme")]
    [InlineData("s3://bucket/x", "drive or scheme")]
    [InlineData("a\u0000b", "control characters")]
    [InlineData("a\nb", "control characters")]
    public void Unsafe_artifact_paths_are_refused_naming_the_path_and_the_rule(string path, string rule)
    {
        var act = () => InputRules.ValidateArtifactPath(path);

        var error = act.Should().Throw<MlopsValidationException>().Which;
        error.Field.Should().Be("artifact path");
        error.Value.Should().Be(path);
        error.Rule.Should().Contain(rule);
        error.Message.Should().Contain(path).And.Contain(error.Rule);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Empty_artifact_paths_are_refused(string? path)
    {
        var act = () => InputRules.ValidateArtifactPath(path);

        act.Should().Throw<MlopsValidationException>().Which.Rule.Should().Contain("must not be empty");
    }

    [Fact]
    public void Artifact_path_of_1024_characters_is_valid_and_1025_is_refused()
    {
        InputRules.ValidateArtifactPath(new string('p', 1024));

        var act = () => InputRules.ValidateArtifactPath(new string('p', 1025));

        act.Should().Throw<MlopsValidationException>().Which.Rule.Should().Contain("at most 1024");
    }

    [Fact]
    public void Every_accepted_artifact_path_stays_inside_the_directory_it_is_joined_to()
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "mlops-root"));
        var paths = Gen.Char["ab./\\:~ "].Array[1, 16].Select(chars => new string(chars));

        paths.Sample(path =>
        {
            try
            {
                InputRules.ValidateArtifactPath(path);
            }
            catch (MlopsValidationException)
            {
                return true;
            }

            var full = Path.GetFullPath(Path.Combine(root, path));
            return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }, iter: 5000);
    }
}
