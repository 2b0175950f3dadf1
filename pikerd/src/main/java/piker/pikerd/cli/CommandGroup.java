package piker.pikerd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code piker}, {@code sim}, {@code bench}). Named alone it is
 * a request for help: its usage on stdout, exit 0.
 */
abstract class CommandGroup implements Callable<Integer> {
  @Spec
  CommandSpec groupSpec;

  @Override
  public Integer call() {
    groupSpec.commandLine().usage(groupSpec.commandLine().getOut());
    groupSpec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
