package org.xsdnn.cli;

import java.nio.file.Path;
import java.util.List;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.Selection;
import picocli.CommandLine.Option;

/** Where the archive is and which points to use; shared by data, train and export. */
final class DataOptions {
    @Option(
            names = "--data",
            paramLabel = "<dir>",
            description =
                    "Directory with the QES archive files (12C.dat, …). Default: $XSDNN_DATA, else ~/.cache/xsdnn/qes (where `xsdnn data fetch` puts them).")
    Path data;

    @Option(
            names = "--target",
            paramLabel = "<name>",
            defaultValue = "C12",
            description =
                    "Target as in normalization.csv: C12, He3, Li6, O16, Al27, Ca40, Fe56. Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(
            names = "--datasets",
            paramLabel = "<key>",
            split = ",",
            description =
                    "Archive citation keys to use, comma-separated. Default for C12: the carbon paper's 10 experiments in this copy; otherwise every dataset of the target with a normalization uncertainty.")
    List<String> datasets;

    @Option(
            names = "--min-omega",
            paramLabel = "<GeV>",
            defaultValue = "0.030",
            description =
                    "Low-ω cut: points with ω below this are removed (nuclear excitations, giant resonances). Default: ${DEFAULT-VALUE} GeV.")
    double minOmegaGeV;

    @Option(
            names = "--error-floor",
            paramLabel = "<fraction>",
            defaultValue = "0",
            description = "Relative error floor f: each point's error becomes sqrt(Δσ² + (f·σ)²), for data whose quoted"
                    + " errors are not credible point to point (our copy of Heimlich 1973, ⁶Li, quotes 0.02–1.2 %%)."
                    + " Recorded in the run and the model card. Default: ${DEFAULT-VALUE} (errors as quoted).")
    double errorFloor;

    Path directory() {
        return data != null ? data : QesArchive.defaultDirectory();
    }

    Selection selection() {
        return keys().withRelativeErrorFloor(errorFloor);
    }

    private Selection keys() {
        if (datasets != null && !datasets.isEmpty()) {
            return new Selection(target, datasets, minOmegaGeV);
        }
        if (target.equals("C12")) {
            Selection paper = Selection.carbonPaper();
            return new Selection("C12", paper.datasetKeys(), minOmegaGeV);
        }
        return new Selection(target, List.of(), minOmegaGeV);
    }
}
