package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {

    /**
     * Picocli formats every description as a format string; one it cannot format (a bare '%') is printed raw with a
     * warning on stderr, as {@code ./ichcds --help} once did. Every description of every command and option must
     * format.
     */
    @Test
    void everyDescriptionIsAFormatStringPicocliCanFormat() {
        List<CommandLine> commands = commands();
        assertThat(commands).hasSizeGreaterThan(10);
        for (CommandLine command : commands) {
            CommandLine.Model.CommandSpec spec = command.getCommandSpec();
            List<String> descriptions =
                    new ArrayList<>(List.of(spec.usageMessage().description()));
            spec.options().forEach(o -> descriptions.addAll(List.of(o.description())));
            spec.positionalParameters().forEach(p -> descriptions.addAll(List.of(p.description())));
            for (String description : descriptions) {
                assertThatCode(() -> String.format(Locale.ROOT, description))
                        .as("a description of '%s': %s", spec.qualifiedName(), description)
                        .doesNotThrowAnyException();
            }
        }
    }

    /**
     * A command's description is printed line by line as written, and picocli breaks a line longer than its usage
     * width (80 columns) at that width, so in a description written as several lines a long one came out as a full
     * line plus a stub of one or two words. A description of one line is a paragraph picocli wraps as a whole.
     */
    @Test
    void everyCommandDescriptionLineFitsTheUsageWidth() {
        for (CommandLine command : commands()) {
            CommandLine.Model.CommandSpec spec = command.getCommandSpec();
            int width = spec.usageMessage().width();
            String[] lines = spec.usageMessage().description();
            if (lines.length < 2) {
                continue;
            }
            for (String line : lines) {
                assertThat(String.format(Locale.ROOT, line).length())
                        .as(
                                "a description line of '%s' does not fit in %d columns: %s",
                                spec.qualifiedName(), width, line)
                        .isLessThan(width);
            }
        }
    }

    /** The main command and every subcommand, depth first. */
    private static List<CommandLine> commands() {
        List<CommandLine> commands = new ArrayList<>();
        collect(new CommandLine(new Main()), commands);
        return commands;
    }

    private static void collect(CommandLine command, List<CommandLine> out) {
        out.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, out));
    }
}
