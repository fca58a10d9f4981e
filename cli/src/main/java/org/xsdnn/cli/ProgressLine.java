package org.xsdnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.xsdnn.core.ProgressThrottle;
import org.xsdnn.trainer.MemberRecord;
import org.xsdnn.trainer.ProgressListener;
import org.xsdnn.trainer.TrainingRun;

/**
 * One status line per member at most every {@code intervalSeconds} (and at the end), to standard
 * error: epoch, training and held-out χ²/N, speed and ETA. A log that stays readable in a file.
 */
final class ProgressLine implements ProgressListener {
    private final PrintWriter err;
    private final ProgressThrottle throttle;
    private final double maxSeconds;
    private int lastMember = -1;

    ProgressLine(PrintWriter err, double intervalSeconds, double maxSeconds) {
        this.err = err;
        this.throttle = new ProgressThrottle(intervalSeconds);
        this.maxSeconds = maxSeconds;
    }

    @Override
    public void evaluated(
            int member,
            int epochsDone,
            int epochs,
            double loss,
            double heldOutChi2,
            double best,
            double secondsPerEpoch) {
        boolean last = epochsDone == epochs;
        if (!last && member == lastMember && !throttle.due()) {
            return;
        }
        throttle.printed();
        lastMember = member;
        double eta = (epochs - epochsDone) * secondsPerEpoch;
        err.println(String.format(
                Locale.ROOT,
                "member %02d  epoch %6d/%d  train loss %-9.4g held-out χ²/N %-9.4g (best %-9.4g)  %.3f s/epoch  ETA %s%s",
                member,
                epochsDone,
                epochs,
                loss,
                heldOutChi2,
                best,
                secondsPerEpoch,
                ProgressThrottle.duration(eta),
                maxSeconds > 0 ? " (time limit " + ProgressThrottle.duration(maxSeconds) + ")" : ""));
        err.flush();
    }

    /** Trains one member of a run and returns its record: {@code run.train(m, …)} from scratch or from a parent. */
    @FunctionalInterface
    interface MemberTraining {
        MemberRecord train(TrainingRun run, int member, ProgressListener progress) throws Exception;
    }

    /** Trains the members of {@code members} that {@code run} has not finished, with a line per member on err. */
    static void trainMembers(PrintWriter err, TrainingRun run, MemberRange members, MemberTraining training)
            throws Exception {
        ProgressLine progress =
                new ProgressLine(err, 15, run.manifest().config().maxSeconds());
        for (int m = members.first(); m <= members.last(); m++) {
            if (run.isFinished(m)) {
                err.printf("member %02d already finished; skipped%n", m);
                continue;
            }
            memberDone(err, training.train(run, m, progress), run.manifest().groups());
        }
    }

    /** The line that closes a member: its held-out figures, λ pull, guard restarts, time, and failure if any. */
    static void memberDone(PrintWriter err, MemberRecord record, Map<String, Double> groups) {
        err.printf(
                Locale.ROOT,
                "member %02d done: held-out χ²/N %.4g (untouched %.4g) at epoch %d of %d, largest λ pull %.2f,"
                        + " %d guard restarts (%s)%s%n",
                record.member(),
                record.heldOutChi2PerPoint(),
                record.untouchedChi2PerPoint(),
                record.bestEpoch(),
                record.epochsDone(),
                record.largestLambdaPull(groups),
                record.restarts(),
                ProgressThrottle.duration(record.seconds()),
                record.failure() == null ? "" : "; FAILED: " + record.failure());
        err.flush();
    }
}
