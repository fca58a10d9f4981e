package org.xsdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.xsdnn.runtime.OrtEnvironments;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The xsdnn command. */
@Command(
        name = "xsdnn",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "Neural-network inclusive electron-nucleus cross sections d²σ/(dΩ dω), with uncertainties.",
        description = {
            "Train ensembles on the QES archive, freeze them to ONNX, and score them.",
            "Units: E and ω in GeV, θ in degrees, σ per nucleus in nb/(sr·GeV).",
            "",
            "A typical session:",
            "  xsdnn data summary --data ../shared/data/qes",
            "  xsdnn train  --data ../shared/data/qes --out runs/carbon --members 0-4",
            "  xsdnn export --data ../shared/data/qes --run runs/carbon --out models/carbon-a",
            "  xsdnn score  --model models/carbon-a -E 0.68 --theta 36 --omega 0.01:0.6:0.005",
            ""
        },
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage, 3 bad data, 4 bad model, 5 input/output."},
        subcommands = {
            TrainCommand.class,
            FinetuneCommand.class,
            MergeCommand.class,
            ExportCommand.class,
            AssembleCommand.class,
            ScoreCommand.class,
            TabulateCommand.class,
            ReportCommand.class,
            InfoCommand.class,
            ProfileCommand.class,
            DataCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Xsdnn implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Declared once here and inherited by every subcommand, so `xsdnn score ... --verbose` sets this field. */
    @CommandLine.Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. Used by main and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Xsdnn root = new Xsdnn();
        CommandLine cli = new CommandLine(root).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(new ExitCodes.Mapper());
        String unknown = unknownSubcommand(cli, args);
        if (unknown != null) {
            // picocli would print the top-level help and exit 0 when --help follows an unknown word.
            err.println("xsdnn: unknown command '" + unknown + "'; expected one of: "
                    + String.join(", ", cli.getSubcommands().keySet()) + ". Try 'xsdnn --help' for usage.");
            return ExitCodes.USAGE;
        }
        cli.setParameterExceptionHandler((e, arguments) -> {
            // One line and a pointer to the help, not the whole usage (40-70 lines) that buries the error.
            CommandLine command = e.getCommandLine();
            command.getErr().println("xsdnn: " + e.getMessage());
            if (e instanceof CommandLine.MissingParameterException && command.getCommand() instanceof ScoreCommand) {
                command.getErr().println(PointOptions.EXAMPLE);
            }
            CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("xsdnn: " + message(e));
            if (root.verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return commandLine.getExitCodeExceptionMapper().getExitCode(e);
        });
        try {
            return cli.execute(args);
        } finally {
            OrtEnvironments.removeLitter();
        }
    }

    /** The first argument when it is neither an option nor a subcommand (the root takes no positional parameters). */
    private static String unknownSubcommand(CommandLine cli, String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || cli.getSubcommands().containsKey(args[0])) {
            return null;
        }
        return args[0];
    }

    private static String message(Exception e) {
        if (e instanceof IOException io) {
            return IoMessages.describe(io);
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
