using System.Security.Cryptography;
using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;

namespace VmafRoi.Saliency.Tests.Sidecars;

public sealed class ContentHashTests : TempFolderTest
{
    [Fact]
    public void Sha256_of_abc_is_the_fips_test_vector()
    {
        string path = PathOf("abc");
        File.WriteAllText(path, "abc");
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.Sha256OfFile(path));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.Sha256Of("abc"u8));
    }

    [Fact]
    public async Task Large_files_hash_the_same_streaming_sync_and_async()
    {
        string path = PathOf("big.yuv");
        byte[] bytes = new byte[5_000_003];
        new Random(5).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        string expected = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(expected, ContentHash.Sha256OfFile(path));
        Assert.Equal(expected, await ContentHash.Sha256OfFileAsync(path));
        Assert.True(ContentHash.IsSha256Hex(expected));
    }

    [Fact]
    public void A_missing_file_is_invalid_input_naming_it()
    {
        string path = PathOf("nope.yuv");
        var error = Assert.Throws<InvalidInputException>(() => ContentHash.Sha256OfFile(path));
        Assert.Equal($"cannot hash '{path}': file not found", error.Message);
        Assert.Equal(path, error.Path);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("ABC", false)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", true)]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", false)]
    public void Only_64_lowercase_hex_digits_are_a_sha256(string text, bool valid) =>
        Assert.Equal(valid, ContentHash.IsSha256Hex(text));
}
