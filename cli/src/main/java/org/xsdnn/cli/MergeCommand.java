package org.xsdnn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.xsdnn.trainer.RunMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        header = "Assemble one ensemble run from shards trained separately.",
        description = {
            "Copies the finished members of each shard directory into --out. Refuses shards trained with other data,",
            "cut, split or settings, and a member present twice with different weights. Then export --run <out>.",
            "",
            "Example (members 0-9 and 10-19 trained as two Slurm array tasks, see scripts/slurm-train.sh):",
            "  xsdnn merge --out runs/carbon runs/carbon-shard-0 runs/carbon-shard-1",
            ""
        })
final class MergeCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "<dir>", required = true, description = "Run directory to assemble.")
    Path out;

    @Parameters(paramLabel = "<shard>", arity = "1..*", description = "Shard run directories (made by xsdnn train).")
    List<Path> shards;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Integer> members = RunMerge.merge(out, shards);
        spec.commandLine()
                .getErr()
                .printf("xsdnn merge: %d finished members in %s: %s%n", members.size(), out, members);
        return ExitCodes.OK;
    }
}
