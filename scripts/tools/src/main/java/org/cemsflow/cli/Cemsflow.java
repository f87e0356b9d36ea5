package org.cemsflow.cli;

import java.util.concurrent.Callable;
import org.cemsflow.CemsflowJob;
import org.cemsflow.config.Commands;
import org.cemsflow.gateway.Gateway;
import org.cemsflow.local.LocalRun;
import org.cemsflow.ops.LiveFrames;
import org.cemsflow.ops.LoggerSim;
import org.cemsflow.ops.ParityScenario;
import org.cemsflow.ops.Replay;
import org.cemsflow.ops.ScheduleReplay;
import org.cemsflow.ops.SyntheticStream;
import org.cemsflow.ops.TopicCheck;
import org.cemsflow.reference.ReferencePublisher;
import org.cemsflow.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cemsflow}: the command line of the project, one subcommand per action. Each answers
 * {@code --help}; the exit codes are those of {@link Commands}: 0 done, 1 a check failed, 2 a usage
 * or configuration error (no stack trace), 3 a failure while running.
 */
@Command(
        name = "cemsflow",
        mixinStandardHelpOptions = true,
        versionProvider = Cemsflow.Version.class,
        description =
                "Streaming analytics for the off-site supervision of pollutant-discharging units (HJ 212).",
        footer = {
            "",
            "Exit codes: 0 done, 1 a check failed, 2 usage or configuration error, 3 failure while running.",
            "scripts/cemsflow also has: submit --config FILE [--set key=value]... [--savepoint PATH] [--parallelism N]"
                    + " (the shaded jar to the cluster of scripts/stack)."
        },
        subcommands = {
            LocalRun.Cmd.class,
            CemsflowJob.Cmd.class,
            Gateway.Cmd.class,
            LoggerSim.Cmd.class,
            Report.Cmd.class,
            Replay.Cmd.class,
            TopicCheck.Cmd.class,
            LiveFrames.Cmd.class,
            SyntheticStream.Cmd.class,
            ParityScenario.Cmd.class,
            ScheduleReplay.Cmd.class,
            ReferencePublisher.Cmd.class
        })
public final class Cemsflow implements Callable<Integer> {
    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cemsflow.class.getPackage().getImplementationVersion();
            return new String[] {
                "cemsflow " + (v != null ? v : "(built from the sources, no version)")
            };
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cemsflow(), args);
    }

    /** Without a subcommand: the usage, and a usage error. */
    @Override
    public Integer call() {
        throw new Commands.UsageError("give a command");
    }
}
