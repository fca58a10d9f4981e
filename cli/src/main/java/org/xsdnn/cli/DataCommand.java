package org.xsdnn.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xsdnn.data.ArchiveFetcher;
import org.xsdnn.data.NormalizationGroup;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.data.SpectrumScatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        header = "Get and inspect the QES archive (Benhar, Day, Sick).",
        description = {
            "Subcommands: fetch downloads the archive files into a cache; summary shows what a selection",
            "of points contains (per experiment: points, points removed by the low-ω cut, normalization groups).",
            "",
            "Example: xsdnn data summary --data ../shared/data/qes --target C12",
            ""
        },
        subcommands = {DataCommand.Fetch.class, DataCommand.Summary.class})
final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            header = "Download the QES archive files into a local cache.",
            description = {
                "Downloads each file to a temporary name, checks that it parses as an archive file, then renames it",
                "into place: an interrupted or failed download never leaves a partial file. Without network it says so;",
                "then copy the files by hand and point --data (or $XSDNN_DATA) at them.",
                "",
                "Example: xsdnn data fetch --cache ~/.cache/xsdnn/qes",
                ""
            })
    static final class Fetch implements Callable<Integer> {
        @Option(
                names = "--cache",
                paramLabel = "<dir>",
                description = "Where to put the files. Default: $XSDNN_DATA, else ~/.cache/xsdnn/qes.")
        Path cache;

        @Option(
                names = "--base-url",
                paramLabel = "<url>",
                description =
                        "Archive address. Default: the archive's public data folder at the University of Virginia.")
        URI baseUrl;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path dir = cache != null ? cache : QesArchive.defaultDirectory();
            URI base = baseUrl != null ? baseUrl : ArchiveFetcher.DEFAULT_BASE_URL;
            var files = new ArchiveFetcher(base, dir).fetch(ArchiveFetcher.ARCHIVE_FILES, Map.of());
            files.forEach(f -> spec.commandLine().getOut().println(f));
            spec.commandLine()
                    .getErr()
                    .printf("xsdnn data fetch: %d files from %s verified into %s%n", files.size(), base, dir);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "summary",
            mixinStandardHelpOptions = true,
            header = "Show the points a selection contains.",
            description = {"Example: xsdnn data summary --data ../shared/data/qes --target C12", ""})
    static final class Summary implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            QesDataset d = QesArchive.open(data.directory()).load(data.selection());
            var out = spec.commandLine().getOut();
            out.printf(
                    Locale.ROOT,
                    "%s: %d points after the cut ω >= %.3f GeV; %d dropped for σ <= 0 or error <= 0%n",
                    d.selection().target(),
                    d.size(),
                    d.selection().minOmegaGeV(),
                    d.droppedNonPositive());
            if (d.selection().relativeErrorFloor() > 0) {
                out.printf(
                        Locale.ROOT,
                        "errors: sqrt(Δσ² + (%.4g σ)²) (relative error floor)%n",
                        d.selection().relativeErrorFloor());
            }
            Map<String, SpectrumScatter.Figure> scatter = SpectrumScatter.of(d);
            out.printf(Locale.ROOT, "%-22s %8s %8s %16s%n", "dataset", "points", "cut", "scatter_chi2/N");
            for (var e : d.removedByCutPerDataset().entrySet()) {
                long n = d.points().stream()
                        .filter(p -> p.datasetKey().equals(e.getKey()))
                        .count();
                out.printf(
                        Locale.ROOT,
                        "%-22s %8d %8d %16.3g%n",
                        e.getKey(),
                        n,
                        e.getValue(),
                        scatter.get(e.getKey()).chi2PerPoint());
            }
            out.println(
                    "scatter_chi2/N: each point against the cubic through its two neighbours on either side, in units");
            out.println(
                    "  of its errors: about 1 where the errors are the data's true scatter, and about the χ²/N that even");
            out.println("  the true cross section gets there (a model's floor on that experiment).");
            out.println("normalization groups (Δλ):");
            for (NormalizationGroup g : d.groups()) {
                out.printf(Locale.ROOT, "  %-28s %.3f%n", g.id(), g.uncertainty());
            }
            d.leftOut()
                    .forEach((k, v) ->
                            out.printf(Locale.ROOT, "left out (no normalization uncertainty): %s, %d points%n", k, v));
            for (QesDataset.FileDigest f : d.files()) {
                out.printf(Locale.ROOT, "file %s sha256 %s%n", f.name(), f.sha256());
            }
            return ExitCodes.OK;
        }
    }
}
