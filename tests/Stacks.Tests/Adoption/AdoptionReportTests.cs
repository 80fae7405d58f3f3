using Platform.Cli.Adoption;

namespace Platform.Stacks.Tests.Adoption;

/// <summary>Whether `adopt` says "not ready" (exit 1) follows what each entry is, never how its note is worded.</summary>
public class AdoptionReportTests
{
    private static AdoptionReport Report(string? note, AdoptionBlocker blocker = AdoptionBlocker.None) =>
        new("production", [new AdoptionEntry(AdoptionGroup.Create, "dns", "A autodiscover.helloworlddao.com", "dns-a-autodiscover",
            "platform:dns.records[5].importId", null, "new", [], Note: note, Blocker: blocker)], [], LiveRecords: 1); // position: a label of a hand-built report, read from no stack file

    [Fact]
    public void A_note_that_reads_like_a_blocker_blocks_nothing()
    {
        var clash = AdoptionReport.Explain(AdoptionBlocker.ClashesWithLiveRecord, "CNAME autodiscover.helloworlddao.com autodiscover.outlook.com")!;

        Assert.False(Report(clash).Blocks(written: false));
        Assert.False(Report(AdoptionReport.Explain(AdoptionBlocker.ImportIdNotLive)).Blocks(written: false));
    }

    [Theory]
    [InlineData(AdoptionBlocker.ImportIdNotLive)]
    [InlineData(AdoptionBlocker.ClashesWithLiveRecord)]
    public void A_blocker_blocks_whatever_its_note_says(AdoptionBlocker blocker)
    {
        var report = Report("worded some other way", blocker);

        Assert.True(report.Blocks(written: false));
        Assert.True(report.Blocks(written: true));
        Assert.Equal(1, report.Count(blocker));
        Assert.Empty(report.ToWrite);
    }
}
