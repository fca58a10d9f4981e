package org.xsdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xsdnn.core.ModelCard;
import org.xsdnn.exporter.DirectoryProfiles;
import org.xsdnn.exporter.FusedVerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        header = "Write generator profiles (fused file, NuWro file set) from a model directory's member files.",
        description = {
            "Shipped models store each weight once, in their member files; this command makes the generator profiles"
                    + " from them on demand. It opens the xsdnn model directory the way `score` does (SHA256SUMS and card"
                    + " checksums, tensor contracts), reads every member file back into the weights it stores (int16-stored"
                    + " layers as their codes and scales, so the profiles compute exactly what the members compute), and"
                    + " writes:",
            "  --fused  one ONNX file: inputs E_GeV, theta_deg, omega_GeV; outputs sigma_mean, sigma_std, sigma_members"
                    + " in nb/(sr·GeV) (contract xsdnn-fused-1, exporter/PROFILES.md); the model card in its metadata.",
            "  --nuwro  NuWro's file set model_electron_<tag>_<A>_<i>.onnx (input `input` [N,5], output `Identity:0`),"
                    + " a drop-in for NuWro's ONNX integration.",
            "Every file is checked in ONNX Runtime before it replaces anything; the fused file must also give the member"
                    + " files' σ mean, spread and per-member σ on 24 carbon kinematic points (1e-5 relative in σ plus 1e-5"
                    + " of the logit; 1e-4 on the spread).",
            "",
            "Give at least one of --fused and --nuwro. Outputs may not lie inside --model, where SHA256SUMS and the card"
                    + " would not cover them: write them beside the model directory or anywhere else.",
            "",
            "Example:",
            "  xsdnn profile --model onnx-models/carbon-a \\",
            "      --fused /tmp/carbon-a-fused.onnx --nuwro /tmp/carbon-a-nuwro",
            ""
        })
final class ProfileCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            paramLabel = "<dir>",
            required = true,
            description =
                    "xsdnn model directory (model-card.json, member-NN.onnx, SHA256SUMS), as xsdnn export writes it.")
    Path model;

    @Option(
            names = "--fused",
            paramLabel = "<file>",
            description = "Write the fused ensemble file here (replaced atomically).")
    Path fused;

    @Option(
            names = "--nuwro",
            paramLabel = "<dir>",
            description = "Write NuWro's file set into this directory; it may hold no other model_electron_* files.")
    Path nuwro;

    @Option(
            names = "--nuwro-tag",
            paramLabel = "<tag>",
            defaultValue = "A",
            description = "Tag in the NuWro file names (letters, digits, '-'). Default: ${DEFAULT-VALUE}.")
    String nuwroTag;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (fused == null && nuwro == null) {
            throw new XsdnnException(
                    ExitCodes.USAGE,
                    "nothing to write: give --fused <file>, --nuwro <dir> or both" + " (e.g. xsdnn profile --model "
                            + model + " --fused /tmp/fused.onnx).",
                    null);
        }
        if (Files.isDirectory(model)) {
            refuseInside("--fused", fused);
            refuseInside("--nuwro", nuwro);
        }
        PrintWriter err = spec.commandLine().getErr();
        DirectoryProfiles profiles = DirectoryProfiles.read(model);
        err.printf(
                Locale.ROOT,
                "xsdnn profile: read %d members of %s (%d int16-stored layers)%n",
                profiles.members(),
                model,
                profiles.int16Layers());
        if (fused != null) {
            FusedVerificationReport r = profiles.writeFused(fused);
            err.printf(
                    Locale.ROOT,
                    "xsdnn profile: wrote %s; against the member files on %d points, largest relative"
                            + " differences: sigma_mean %.2g, sigma_std %.2g, sigma_members %.2g (within tolerance)%n",
                    fused,
                    r.points(),
                    r.maxRelativeMeanDifference(),
                    r.maxRelativeStdDifference(),
                    r.maxRelativeMemberDifference());
        }
        if (nuwro != null) {
            List<Path> files = profiles.writeNuwro(nuwroTag, nuwro);
            err.printf(
                    Locale.ROOT,
                    "xsdnn profile: wrote %d NuWro files %s … into %s, each verified against its member%n",
                    files.size(),
                    files.get(0).getFileName(),
                    nuwro);
        }
        return ExitCodes.OK;
    }

    private void refuseInside(String option, Path output) throws IOException, XsdnnException {
        if (output != null && DirectoryProfiles.isInside(model, output)) {
            throw new XsdnnException(
                    ExitCodes.USAGE,
                    option + " " + output + " is inside the model directory " + model
                            + ", where SHA256SUMS and " + ModelCard.FILE_NAME
                            + " would not cover it; write it elsewhere"
                            + " (e.g. " + option + " /tmp/" + output.getFileName() + ").",
                    null);
        }
    }
}
