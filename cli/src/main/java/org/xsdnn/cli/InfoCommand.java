package org.xsdnn.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.ModelCard;
import org.xsdnn.exporter.GoldenVectors;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        header = "Describe a model directory: target, contract, members, training, data, domain, metrics.",
        description = {
            "Opens the model the way `score` does (checksums and tensor contracts are checked; golden vectors too when present), then prints",
            "its model card. Works for NuWro directories too (no card: files, A and contract only).",
            "",
            "Example: xsdnn info --model onnx-models/carbon-a2",
            ""
        })
final class InfoCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            paramLabel = "<dir>",
            defaultValue = "${env:XSDNN_MODEL:-onnx-models/carbon-a2}",
            description =
                    "Model directory. Default: $XSDNN_MODEL, else onnx-models/carbon-a2 (here: ${DEFAULT-VALUE}).")
    Path model;

    /** What info prints. */
    enum Format {
        text,
        json
    }

    @Option(
            names = "--format",
            paramLabel = "<fmt>",
            defaultValue = "text",
            description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format format;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = model;
        PrintWriter out = spec.commandLine().getOut();
        try (Ensemble ensemble = Ensemble.open(dir, ScoringOptions.defaults())) {
            if (format == Format.json) {
                out.println(ensemble.card()
                        .map(CardJson::write)
                        .orElse(CardJson.write(Map.of(
                                "members",
                                ensemble.members(),
                                "mass-number",
                                ensemble.massNumber(),
                                "layout",
                                "nuwro"))));
                return ExitCodes.OK;
            }
            out.printf(Locale.ROOT, "model directory  %s%n", dir);
            // Say exactly which checks ran: a third-party NuWro set may have no checksums to verify.
            out.printf(
                    Locale.ROOT,
                    "members          %d (%s; tensor contracts verified)%n",
                    ensemble.members(),
                    ensemble.checksumsVerified()
                            ? "SHA-256 checksums verified"
                            : "no SHA256SUMS: checksums not verified");
            OptionalDouble golden = GoldenVectors.verify(ensemble, dir);
            if (golden.isPresent()) {
                out.printf(
                        Locale.ROOT,
                        "golden vectors   reproduced (largest relative difference %.2g)%n",
                        golden.getAsDouble());
            } else {
                out.println(
                        Files.isRegularFile(dir.resolve(GoldenVectors.FILE_NAME))
                                ? "golden vectors   golden.csv not in xsdnn's format: not checked"
                                : "golden vectors   none (no golden.csv): not checked");
            }
            out.printf(
                    Locale.ROOT, "mass number A    %d (σ = r · S(E, θ) · A/12, nb/(sr·GeV))%n", ensemble.massNumber());
            if (ensemble.card().isEmpty()) {
                out.println("layout           NuWro (model_electron_<tag>_<A>_<i>.onnx, no model card)");
                return ExitCodes.OK;
            }
            ModelCard c = ensemble.card().get();
            out.printf(
                    Locale.ROOT,
                    "name             %s (xsdnn %s, created %s)%n",
                    c.name(),
                    c.xsdnnVersion(),
                    c.createdAt());
            out.printf(
                    Locale.ROOT,
                    "target           %s (Z=%d, A=%d)%n",
                    c.target().name(),
                    c.target().protonNumber(),
                    c.target().massNumber());
            out.printf(
                    Locale.ROOT,
                    "contract         %s: input %s [N,5] = %s -> %s; σ in %s%n",
                    c.contract().id(),
                    c.contract().inputName(),
                    c.contract().featureOrder(),
                    c.contract().outputName(),
                    c.contract().units());
            if (c.domain() != null) {
                out.printf(
                        Locale.ROOT,
                        "domain           E %.4g-%.4g GeV, θ %.4g-%.4g deg, ω %.4g-%.4g GeV%n",
                        c.domain().energyGeV().min(),
                        c.domain().energyGeV().max(),
                        c.domain().thetaDeg().min(),
                        c.domain().thetaDeg().max(),
                        c.domain().omegaGeV().min(),
                        c.domain().omegaGeV().max());
            }
            if (c.data() != null) {
                out.printf(
                        Locale.ROOT,
                        "data             %d points used, %d dropped (σ or error <= 0), %d cut%n",
                        c.data().pointsUsed(),
                        c.data().pointsDropped(),
                        c.data().pointsCut());
                out.printf(Locale.ROOT, "selection        %s%n", c.data().selection());
            }
            c.metrics().forEach((k, v) -> out.printf(Locale.ROOT, "metric           %s = %.4g%n", k, v));
            c.training().forEach((k, v) -> out.printf(Locale.ROOT, "training         %s = %s%n", k, v));
            for (ModelCard.Member m : c.members()) {
                out.printf(
                        Locale.ROOT,
                        "member           %s seed %d held-out χ²/N %.4g%n",
                        m.file(),
                        m.seed(),
                        m.heldOutChi2PerPoint());
            }
            if (c.notes() != null && !c.notes().isBlank()) {
                out.printf(Locale.ROOT, "notes            %s%n", c.notes());
            }
        }
        return ExitCodes.OK;
    }
}
