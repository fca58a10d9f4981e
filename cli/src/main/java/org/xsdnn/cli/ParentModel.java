package org.xsdnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.Sha256Sums;
import org.xsdnn.exporter.MemberFileReader;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringOptions;
import org.xsdnn.trainer.MemberRecord;
import org.xsdnn.trainer.RunManifest;
import org.xsdnn.trainer.TrainingRun;

/**
 * The parent of a fine-tune: a model directory written by xsdnn export (its member files, checksums verified, read
 * back as the float32 weights they compute with) or a training run directory (its members' weights as trained).
 * Member m of a fine-tune starts from member m of the parent: the m-th member of the model card, or run member m.
 */
final class ParentModel {
    private final Path source;
    private final String target;
    private final List<Path> memberFiles; // model directory; null for a run
    private final List<Integer> runMembers; // run directory; null for a model

    private ParentModel(Path source, String target, List<Path> memberFiles, List<Integer> runMembers) {
        this.source = source;
        this.target = target;
        this.memberFiles = memberFiles;
        this.runMembers = runMembers;
    }

    static ParentModel open(Path source) throws IOException, ContractException, XsdnnException {
        if (Files.exists(source.resolve(RunManifest.FILE_NAME))) {
            RunManifest manifest = RunManifest.read(source);
            List<Integer> members = MemberRecord.listFinished(source).stream()
                    .filter(r -> r.failure() == null && r.runIdentity().equals(manifest.identity()))
                    .map(MemberRecord::member)
                    .toList();
            return new ParentModel(source, manifest.target().name(), null, members);
        }
        try (Ensemble ensemble = Ensemble.open(source, ScoringOptions.defaults())) { // verifies every checksum
            ModelCard card = ensemble.card()
                    .orElseThrow(() -> new XsdnnException(
                            ExitCodes.USAGE,
                            source
                                    + ": NuWro layout (no " + ModelCard.FILE_NAME
                                    + "); --from takes an xsdnn model directory or a"
                                    + " training run directory.",
                            null));
            if (card.members().isEmpty()) {
                throw new XsdnnException(
                        ExitCodes.USAGE,
                        source + ": a model with no member files (model B?); --from"
                                + " takes a model-A ensemble or a training run.",
                        null);
            }
            List<Path> files =
                    card.members().stream().map(m -> source.resolve(m.file())).toList();
            return new ParentModel(source, card.target().name(), files, null);
        }
    }

    /** What the run's manifest records about this parent. */
    RunManifest.Parent describe(int trainableLayers) {
        return new RunManifest.Parent(source.toString(), target, trainableLayers);
    }

    int members() {
        return memberFiles != null ? memberFiles.size() : runMembers.size();
    }

    /** Member m of the parent and its file's checksum; refused when the parent has none. */
    TrainingRun.ParentMember member(int m) throws IOException, ContractException, XsdnnException {
        if (memberFiles != null) {
            if (m >= memberFiles.size()) {
                throw new XsdnnException(
                        ExitCodes.USAGE,
                        source + " has " + memberFiles.size() + " members (0-" + (memberFiles.size() - 1) + "); member "
                                + m + " of the fine-tune has no parent.",
                        null);
            }
            Path file = memberFiles.get(m);
            return new TrainingRun.ParentMember(MemberFileReader.read(file).computed(), Sha256Sums.hexOf(file));
        }
        if (!runMembers.contains(m)) {
            throw new XsdnnException(
                    ExitCodes.USAGE,
                    source + ": run member " + m + " is not finished (or failed);" + " finished members: " + runMembers
                            + ".",
                    null);
        }
        return new TrainingRun.ParentMember(
                TrainingRun.weights(source, m),
                MemberRecord.read(source.resolve(MemberRecord.fileName(m))).weightsSha256());
    }
}
