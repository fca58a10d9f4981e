package org.xsdnn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xsdnn.exporter.FusedEnsemble;
import org.xsdnn.exporter.GeneratorProfile;
import org.xsdnn.exporter.ModelDirectoryWriter;
import org.xsdnn.exporter.ModelExport;
import org.xsdnn.exporter.NuwroProfile;
import org.xsdnn.runtime.Ensemble;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Freeze a training run's members to a verified ONNX model directory.",
        description = {
            "Writes member-NN.onnx (batch norm folded into the dense layers, dynamic batch dimension), model-card.json,",
            "SHA256SUMS over every file, golden.csv (reference outputs for the Java, C++ and Python front ends) and the",
            "quality report's figures in the card. Every member is checked before it counts: the folded network must",
            "reproduce SameDiff's output on the training inputs within 1e-5 relative, and ONNX Runtime the network as",
            "stored (int16 weights change r by at most 1e-3). Everything is staged and swapped in once: a failure",
            "leaves any previous model directory as it was. Failed members (λ beyond 3 Δλ) are left out.",
            "",
            "Example: xsdnn export --data ../shared/data/qes --run runs/carbon --out onnx-models/carbon-a",
            ""
        })
final class ExportCommand implements Callable<Integer> {
    @Option(
            names = "--run",
            paramLabel = "<dir>",
            required = true,
            description = "Training run directory (from xsdnn train).")
    Path run;

    @Option(
            names = "--data",
            paramLabel = "<dir>",
            description =
                    "The QES archive the run was trained on; its files must have the checksums in run.json. Default: $XSDNN_DATA, else ~/.cache/xsdnn/qes.")
    Path data;

    @Option(
            names = "--out",
            paramLabel = "<dir>",
            required = true,
            description = "Model directory to write (replaced atomically).")
    Path out;

    @Option(
            names = "--mc-dropout",
            paramLabel = "<T>",
            defaultValue = "0",
            description =
                    "Model B: freeze the run's one dropout-trained network as T dropout passes with fixed masks in"
                            + " one file, mc-dropout.onnx (σ mean and spread over the passes; the published T is 50). 0: an"
                            + " ensemble of member files. Default: ${DEFAULT-VALUE}.")
    int mcDropout;

    @Option(
            names = "--members",
            paramLabel = "<m-n>",
            converter = MemberRange.Converter.class,
            description =
                    "Export only these finished members (a shard, to assemble later with xsdnn assemble). Default: every finished member.")
    MemberRange members;

    @picocli.CommandLine.Mixin
    CardOptions card;

    @Option(
            names = "--fused",
            description =
                    "Also write fused.onnx into the model directory: one file, inputs E_GeV, theta_deg, omega_GeV, outputs sigma_mean, sigma_std, sigma_members in nb/(sr·GeV) (contract xsdnn-fused-1, see exporter/PROFILES.md).")
    boolean fused;

    @Option(
            names = "--nuwro",
            description =
                    "Also write NuWro's file set model_electron_<tag>_<A>_<i>.onnx into the model directory (input `input` [N,5], output `Identity:0`; NuWro reads them from there and ignores the other files), covered by SHA256SUMS. To write it elsewhere: xsdnn profile --nuwro <dir>.")
    boolean nuwro;

    @Option(
            names = "--nuwro-tag",
            paramLabel = "<tag>",
            defaultValue = "A",
            description = "Tag in the NuWro file names. Default: ${DEFAULT-VALUE}.")
    String nuwroTag;

    @Option(
            names = "--weights",
            paramLabel = "<storage>",
            defaultValue = "INT16",
            description =
                    "How member files store their weights: ${COMPLETION-CANDIDATES}. INT16 stores hidden layers as"
                            + " int16 with a float32 scale per column (a 50-member carbon ensemble: about 85 MB instead of 164 MB),"
                            + " computes in float32, and keeps a layer float32 where rounding it would change r by more than 1e-3"
                            + " at any training point. Default: ${DEFAULT-VALUE}.")
    org.xsdnn.exporter.WeightStorage weights;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dataDir = data != null ? data : org.xsdnn.data.QesArchive.defaultDirectory();
        RunMembers read = RunMembers.read(run, dataDir, members, card.name(out), card.notes(), Version.get());
        List<GeneratorProfile> profiles = new ArrayList<>();
        if (fused) {
            profiles.add(FusedEnsemble.profile());
        }
        if (nuwro) {
            profiles.add(NuwroProfile.profile(nuwroTag));
        }
        ModelExport.Result result = ModelExport.export(
                new ModelExport.Request(out, run, read.members(), dataDir, weights, profiles, mcDropout));
        var err = spec.commandLine().getErr();
        read.failed().forEach(f -> err.println("xsdnn export: left out, training failed: " + f));
        if (mcDropout > 0) {
            err.printf(
                    Locale.ROOT,
                    "xsdnn export: model B frozen as %d dropout passes in %s/%s, verified against"
                            + " a double-precision recomputation of every pass%n",
                    mcDropout,
                    out,
                    Ensemble.MC_DROPOUT_FILE);
        } else {
            err.printf(
                    Locale.ROOT,
                    "xsdnn export: %d members verified (ONNX Runtime equals the stored network"
                            + " within 1e-5, or within its float32 rounding bound where the network is ill-conditioned; %s"
                            + " storage changes r by at most %.2g) into %s%n",
                    result.members().size(),
                    weights,
                    result.card().metrics().getOrDefault(ModelDirectoryWriter.INT16_CHANGE_METRIC, 0.0),
                    out);
        }
        return ExitCodes.OK;
    }
}
