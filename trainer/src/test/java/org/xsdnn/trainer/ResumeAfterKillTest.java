package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xsdnn.core.NetworkWeights;

/** A training process killed with SIGKILL resumes from its last checkpoint to the same weights as an uninterrupted run. */
class ResumeAfterKillTest {
    private static final int EPOCHS = 40;

    @ParameterizedTest
    @ValueSource(strings = {"scratch", "finetune"})
    void killedRunResumesToTheSameWeights(String mode, @TempDir Path tmp) throws Exception {
        boolean fineTune = mode.equals("finetune");
        Path uninterrupted = tmp.resolve("uninterrupted");
        NetworkWeights reference = train(uninterrupted, fineTune);

        Path killed = tmp.resolve("killed");
        Process child = ChildJvm.of(
                        List.of(), KillableTraining.class, killed.toString(), Integer.toString(EPOCHS), mode)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        Path checkpoint = killed.resolve("member-00.checkpoint");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(checkpoint) && Checkpoint.read(checkpoint).epochsDone() >= 10)) {
            assertTrue(
                    child.isAlive(),
                    "training process ended before it could be killed: " + Files.readString(tmp.resolve("child.log")));
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 120 s");
            Thread.sleep(20);
        }
        child.destroyForcibly().waitFor();
        int epochsAtKill = Checkpoint.read(checkpoint).epochsDone();
        assertTrue(epochsAtKill < EPOCHS, "killed after " + epochsAtKill + " epochs: the kill must interrupt training");
        assertFalse(Files.exists(killed.resolve(MemberRecord.fileName(0))), "a killed member must not look finished");

        NetworkWeights resumed = train(killed, fineTune);
        MemberRecord record = MemberRecord.read(killed.resolve(MemberRecord.fileName(0)));
        assertEquals(EPOCHS, record.epochsDone());
        assertEquals(reference.hidden().size(), resumed.hidden().size());
        for (int l = 0; l < reference.hidden().size(); l++) {
            assertArrayEquals(
                    reference.hidden().get(l).weight(), resumed.hidden().get(l).weight(), "layer " + l + " weights");
            if (reference.hidden().get(l).batchNorm() != null) { // a fine-tune's frozen layers have theirs folded in
                assertArrayEquals(
                        reference.hidden().get(l).batchNorm().mean(),
                        resumed.hidden().get(l).batchNorm().mean(),
                        "layer " + l + " mean");
            }
        }
        assertArrayEquals(reference.output().weight(), resumed.output().weight(), "output weights");
        assertFalse(Files.exists(checkpoint), "checkpoint removed once the member is finished");
    }

    private static NetworkWeights train(Path dir, boolean fineTune) throws Exception {
        TrainingRun run = KillableTraining.open(dir, EPOCHS, fineTune);
        KillableTraining.train(run, fineTune, ProgressListener.SILENT);
        return run.weights(0);
    }
}
