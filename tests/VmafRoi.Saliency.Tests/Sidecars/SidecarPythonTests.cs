using System.Text.Json;
using VmafRoi.Saliency.Sidecars;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>docs/sidecar.md is enough for Python's msgpack to read our sidecars and to write ones we accept.</summary>
public sealed class SidecarPythonTests : TempFolderTest
{
    // The reader of docs/sidecar.md, reporting what it found as JSON.
    private const string PythonReader = """
        import hashlib, json, sys, zlib, msgpack

        with open(sys.argv[1], 'rb') as f:
            objects = msgpack.Unpacker(f, raw=False)
            header = next(objects)
            assert header['kind'] == 'header' and header['format'] == 'vmafroi-saliency-sidecar'
            assert header['schema_version'] == 2
            n = header['mask_width'] * header['mask_height']
            total = hashlib.sha256()
            frames = {}
            for obj in objects:
                if obj['kind'] == 'end':
                    assert obj['frame_count'] == len(frames)
                    assert obj['frames_sha256'] == total.digest()
                    break
                data = obj['data']
                total.update(data)
                raw = zlib.decompress(data) if header['compression'] == 'zlib' else data
                assert len(raw) == n * header['mask_bits'] // 8
                assert hashlib.sha256(raw).digest() == obj['sha256']
                frames[obj['frame']] = raw
            else:
                raise ValueError('truncated sidecar: no footer')
            assert f.read() == b''

        del header['kind']
        print(json.dumps({'header': header, 'frames': {str(k): v.hex() for k, v in frames.items()}}))
        """;

    [PythonMsgpackFact]
    public void Python_reads_the_header_and_every_frame_of_our_sidecars()
    {
        foreach ((int bits, string compression) in new[] { (8, SidecarCompression.Zlib), (16, SidecarCompression.Zlib), (16, SidecarCompression.None) })
        {
            string path = PathOf($"clip{bits}{compression}.sal");
            SidecarHeader header = SidecarTestData.Header(bits, compression, SidecarSampling.Uniform(20, 4));
            SidecarTestData.Write(path, header);

            using JsonDocument report = JsonDocument.Parse(PythonMsgpack.Run(PythonReader, path));
            string headerJson = report.RootElement.GetProperty("header").GetRawText();
            Assert.Equal(header, JsonSerializer.Deserialize<SidecarHeader>(headerJson));

            var frames = report.RootElement.GetProperty("frames").EnumerateObject().ToDictionary(p => int.Parse(p.Name), p => p.Value.GetString()!);
            Assert.Equal([0, 5, 10, 15], frames.Keys.Order());
            foreach ((int index, string hex) in frames)
            {
                Assert.Equal(Convert.ToHexStringLower(SidecarFiles.Levels(index, bits)), hex);
            }
        }
    }

    [PythonMsgpackFact]
    public void A_sidecar_written_by_python_from_the_docs_reads_back_bit_exact()
    {
        SidecarHeader header = SidecarTestData.Header(16, SidecarCompression.Zlib);
        string headerJson = Path.Combine(Folder, "header.json");
        File.WriteAllText(headerJson, JsonSerializer.Serialize(header));
        for (int i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(Folder, $"levels{i}.bin"), SidecarFiles.Levels(i, 16));
        }

        string path = PathOf("python.sal");
        PythonMsgpack.Run(
            """
            import hashlib, json, os, sys, zlib, msgpack
            folder, out = sys.argv[1], sys.argv[2]
            header = dict(kind='header', **json.load(open(os.path.join(folder, 'header.json'))))
            total = hashlib.sha256()
            with open(out, 'wb') as f:
                f.write(msgpack.packb(header, use_bin_type=True))
                for i in range(3):
                    raw = open(os.path.join(folder, 'levels%d.bin' % i), 'rb').read()
                    data = zlib.compress(raw, 9)
                    total.update(data)
                    f.write(msgpack.packb({'kind': 'frame', 'frame': i, 'sha256': hashlib.sha256(raw).digest(), 'data': data}, use_bin_type=True))
                f.write(msgpack.packb({'kind': 'end', 'frame_count': 3, 'frames_sha256': total.digest()}, use_bin_type=True))
            """,
            Folder,
            path);

        List<(int Index, float[] Mask)> frames = SidecarTestData.ReadAll(path, header);
        Assert.Equal([0, 1, 2], frames.Select(f => f.Index));
        Assert.All(frames, f => Assert.True(SidecarTestData.BitEqual(SidecarTestData.Expected(f.Index, 16), f.Mask)));
    }
}
