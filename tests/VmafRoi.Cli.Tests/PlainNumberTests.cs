using VmafRoi.Contracts;
using VmafRoi.VmafRunner;
using VmafRoi.Yuv;

namespace VmafRoi.Cli.Tests;

/// <summary>Command-line numbers are plain invariant text (issue 8.9), sizes and thread counts have stated limits (8.3, 8.13).</summary>
public sealed class PlainNumberTests
{
    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("-1", -1.0)]
    [InlineData("+2", 2.0)]
    [InlineData("1e-3", 0.001)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1E2", 100.0)]
    public void Plain_reals_parse_in_the_invariant_culture(string text, double expected)
    {
        Assert.True(PlainNumber.TryParseReal(text, out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("0,1")]
    [InlineData("1,000")]
    [InlineData(" 0.5")]
    [InlineData("0.5 ")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    [InlineData("0x10")]
    [InlineData("1_000")]
    [InlineData("")]
    [InlineData("+")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("٣")]
    public void Anything_else_is_not_a_real(string text) => Assert.False(PlainNumber.TryParseReal(text, out _));

    [Theory]
    [InlineData("64", 64)]
    [InlineData("-3", -3)]
    [InlineData("+7", 7)]
    public void Plain_integers_parse(string text, int expected)
    {
        Assert.True(PlainNumber.TryParseInteger(text, out int value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("64.0")]
    [InlineData("6,4")]
    [InlineData("1e2")]
    [InlineData("99999999999")]
    [InlineData(" 1")]
    [InlineData("-")]
    public void Anything_else_is_not_an_integer(string text) => Assert.False(PlainNumber.TryParseInteger(text, out _));

    [Theory]
    [InlineData("123", 123L)]
    [InlineData("512K", 512L << 10)]
    [InlineData("64M", 64L << 20)]
    [InlineData("8G", 8L << 30)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("1T", 1L << 40)]
    [InlineData("none", long.MaxValue)]
    public void Memory_limits_parse_with_binary_units(string text, long expected)
    {
        Assert.True(MemoryLimit.TryParse(text, out long bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("2,5G")]
    [InlineData("-1G")]
    [InlineData("G")]
    [InlineData("0")]
    [InlineData("1e9")]
    [InlineData("8 G")]
    public void Anything_else_is_not_a_memory_limit(string text) => Assert.False(MemoryLimit.TryParse(text, out _));

    [Fact]
    public void The_thread_limit_is_four_per_processor_at_least_eight_and_named_when_exceeded()
    {
        Assert.Equal(Math.Max(8, 4 * Environment.ProcessorCount), ThreadLimit.Max);
        ThreadLimit.Check(ThreadLimit.Max);
        var error = Assert.Throws<InvalidInputException>(() => ThreadLimit.Check(ThreadLimit.Max + 1));
        Assert.StartsWith($"--threads {ThreadLimit.Max + 1} is above the limit of {ThreadLimit.Max} (4 x {Environment.ProcessorCount} logical processors", error.Message);
    }

    [Fact]
    public void Error_messages_reach_stderr_with_control_characters_escaped()
    {
        Assert.Equal("bad \\x1b[31m byte \\x00 and\nnewline", CliHost.Printable("bad \u001b[31m byte \0 and\nnewline"));
        Assert.Equal("plain", CliHost.Printable("plain"));
    }
}
