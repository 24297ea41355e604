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
        List<CommandLine> commands = new ArrayList<>();
        collect(new CommandLine(new Main()), commands);
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

    private static void collect(CommandLine command, List<CommandLine> out) {
        out.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, out));
    }
}
