package org.xsdnn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.xsdnn.core.ModelCard;
import org.xsdnn.exporter.ShardAssembly;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "assemble",
        mixinStandardHelpOptions = true,
        header = "Assemble one model directory from exported shards of a training run.",
        description = {
            "A 50-member ensemble takes longer than one sitting: train members in shards, export each shard as it",
            "finishes (xsdnn export), commit it, and assemble the model when all are there. Member files are copied",
            "byte for byte (git stores each once); the card is rebuilt with every member, golden vectors and the",
            "quality report's figures. Refuses shards of different data, cut, split, recipe or code version, and a",
            "member present in two shards. The output directory is replaced atomically; it may not be a shard.",
            "",
            "Example:",
            "  xsdnn assemble --data ../shared/data/qes --out onnx-models/carbon-a2 \\",
            "      onnx-models/shards/carbon-a2-00-19 onnx-models/shards/carbon-a2-20-49",
            ""
        })
final class AssembleCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "<dir>", required = true, description = "Model directory to write.")
    Path out;

    @Option(
            names = "--data",
            paramLabel = "<dir>",
            description =
                    "The QES archive, for the quality figures in the card. Default: $XSDNN_DATA, else ~/.cache/xsdnn/qes.")
    Path data;

    @picocli.CommandLine.Mixin
    CardOptions cardOptions;

    @Parameters(paramLabel = "<shard>", arity = "1..*", description = "Exported shard model directories.")
    List<Path> shards;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelCard card = ShardAssembly.assemble(
                shards,
                out,
                cardOptions.name(out),
                cardOptions.notes(),
                data != null ? data : org.xsdnn.data.QesArchive.defaultDirectory());
        spec.commandLine()
                .getErr()
                .printf(
                        java.util.Locale.ROOT,
                        "xsdnn assemble: %d members from %d shards into %s; chi2/N %.3f on the training selection%n",
                        card.members().size(),
                        shards.size(),
                        out,
                        card.metrics().get("chi2-per-point"));
        return ExitCodes.OK;
    }
}
