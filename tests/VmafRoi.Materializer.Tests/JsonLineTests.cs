using System.Text;
using VmafRoi.Materializer.Tables;

namespace VmafRoi.Materializer.Tests;

/// <summary>The byte-preserving JSONL member scanner.</summary>
public sealed class JsonLineTests
{
    [Fact]
    public void Members_are_found_with_their_exact_value_bytes_including_python_nan_and_nesting()
    {
        byte[] line = Encoding.UTF8.GetBytes("""{ "a": 1e2 , "b\u00e9":{"x":[1,{"y":"}"}]}, "c": NaN,"d":-Infinity, "e": "s\"t" }""");
        var members = new List<JsonMember>();

        int close = JsonLine.Scan(line, members);

        Assert.Equal(["a", "b\u00e9", "c", "d", "e"], members.Select(m => m.Key));
        string[] values = [.. members.Select(m => Encoding.UTF8.GetString(line[m.ValueStart..m.ValueEnd]))];
        Assert.Equal(["1e2", "{\"x\":[1,{\"y\":\"}\"}]}", "NaN", "-Infinity", "\"s\\\"t\""], values);
        Assert.Equal(line.Length - 1, close);
        Assert.True(double.IsNaN(JsonLine.Number("NaN"u8)!.Value));
        Assert.Equal(1920, JsonLine.Number("\"1920\""u8));
        Assert.Null(JsonLine.Number("true"u8));
        Assert.Equal("s\"t", JsonLine.Text(Encoding.UTF8.GetBytes("\"s\\\"t\"")));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\": 01x}")]
    [InlineData("{\"a\": 1} trailing")]
    [InlineData("{\"a\": \"open}")]
    public void Anything_but_one_object_is_a_format_error(string text)
    {
        Assert.Throws<FormatException>(() => JsonLine.Scan(Encoding.UTF8.GetBytes(text), []));
    }

    [Fact]
    public void Strings_are_written_as_python_json_dumps_writes_them()
    {
        var bytes = new MemoryStream();
        JsonLine.WriteString(bytes, "caf\u00e9 \"q\"\n\u2603");

        Assert.Equal("\"caf\\u00e9 \\\"q\\\"\\n\\u2603\"", Encoding.ASCII.GetString(bytes.ToArray()));
    }
}
