using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SkiaSharp;
using VmafRoi.Roi;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner;
using Xunit.Abstractions;

namespace VmafRoi.Report.Tests;

/// <summary>
/// The HTML report opened in headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by Playwright through its
/// executable path; no browser is downloaded): it renders, the plot and every image have content, nothing is fetched.
/// </summary>
public sealed class ReportBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Methods() => ["substitution", "pooled"];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task The_report_renders_in_headless_chromium_with_its_plot_thumbnails_and_clip_mask(string method)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: eng/setup.sh installs Debian's chromium package");
        string report = _temp.File($"report-{method}.html");
        RoiScoreRun run = WriteReport(report, method == "pooled" ? RoiMethod.Pooled : RoiMethod.Substitution);
        string html = await File.ReadAllTextAsync(report);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase), html);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowserContext browser = await playwright.Chromium.LaunchPersistentContextAsync(_temp.File("profile"), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var requests = new List<string>();
        browser.Request += (_, request) => requests.Add(request.Url);
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(report).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        // The summary names the scores and the method.
        string summary = await page.Locator("#summary").InnerTextAsync();
        Assert.Contains("vmaf_roi", summary);
        Assert.Contains(method == "pooled" ? "vmaf_pooled" : "vmaf_masked", summary);

        // The plot: an inline SVG with one line per series, drawn at a real size and not blank.
        ILocator svg = page.Locator("#plot svg");
        await Assertions.Expect(svg).ToHaveCountAsync(1);
        LocatorBoundingBoxResult box = (await svg.BoundingBoxAsync())!;
        Assert.True(box.Width > 400 && box.Height > 100, $"plot is {box.Width}x{box.Height}");
        int paths = await page.Locator("#plot svg path, #plot svg polyline, #plot svg line").CountAsync();
        Assert.True(paths >= 3, $"plot has {paths} drawn elements");
        Assert.True(DistinctColours(await svg.ScreenshotAsync()) > 8, "the plot screenshot is blank");

        // Worst frames: reference, distorted and heatmap per frame, each decoded with pixels.
        int expectedFrames = Math.Min(RoiReport.WorstFrames, run.Frames.Count);
        await Assertions.Expect(page.Locator("#worst-frames figure.frame")).ToHaveCountAsync(expectedFrames);
        ILocator images = page.Locator("#worst-frames img");
        await Assertions.Expect(images).ToHaveCountAsync(3 * expectedFrames);
        foreach (ILocator image in await images.AllAsync())
        {
            Assert.True(await image.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0"), "a thumbnail did not decode");
        }

        Assert.True(DistinctColours(await images.Nth(2).ScreenshotAsync()) > 8, "the heatmap thumbnail is blank");

        // The clip mask.
        ILocator clipMask = page.Locator("#clip-mask img");
        Assert.True(await clipMask.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), "the clip mask did not decode");

        byte[] screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Path = _temp.File($"report-{method}.png") });
        output.WriteLine($"report {new FileInfo(report).Length / 1024} KiB, full-page screenshot {screenshot.Length / 1024} KiB, {requests.Count} request(s)");
        Assert.True(screenshot.Length > 20_000, "the screenshot is nearly empty");
        Assert.All(requests, url => Assert.StartsWith("file://", url));
    }

    private static RoiScoreRun WriteReport(string path, RoiMethod method)
    {
        GoldenCase c = GoldenCase.Get("s07_foreman_352x288_x264crf32");
        var request = new RoiScoreRequest
        {
            Reference = c.ReferenceRaw,
            Distorted = c.DistortedRaw,
            Width = c.Width,
            Height = c.Height,
            SaliencyModel = "default",
            Engine = VmafEngineKind.Managed,
            Method = method,
            Threads = 2,
            CollectMaskStatistics = true,
        };
        RoiScoreRun run = RoiScorer.Run(request);
        RoiReport.Write(path, run, request);
        return run;
    }

    /// <summary>Distinct colours of a PNG (quantised to 5 bits per channel).</summary>
    private static int DistinctColours(byte[] png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png);
        var colours = new HashSet<int>();
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                SKColor c = bitmap.GetPixel(x, y);
                colours.Add(((c.Red >> 3) << 10) | ((c.Green >> 3) << 5) | (c.Blue >> 3));
            }
        }

        return colours.Count;
    }
}
