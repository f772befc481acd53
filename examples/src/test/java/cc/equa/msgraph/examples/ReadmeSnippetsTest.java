package cc.equa.msgraph.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java code is taken from code that compiles: every {@code ```java} block of the README must equal a
 * {@code // tag::name[]} region of the examples' sources (main or test), indentation aside.
 */
class ReadmeSnippetsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile(
            "// tag::([a-z-]+)\\[\\]\\n(.*?)\\n\\s*// end::\\1\\[\\]", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheReadmeIsARegionOfCompiledExampleCode() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> regions = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REGION.matcher(Files.readString(source));
                while (m.find()) {
                    regions.add(normalize(m.group(2)));
                }
            }
        }
        assertFalse(regions.isEmpty(), "no tagged regions found");
        Matcher blocks = JAVA_BLOCK.matcher(readme);
        int count = 0;
        while (blocks.find()) {
            count++;
            String block = normalize(blocks.group(1));
            assertTrue(regions.contains(block), () -> "README block not found in a tagged region of examples/src:\n"
                    + block);
        }
        assertTrue(count >= 10, "expected the README's Java examples, found " + count);
    }

    private static String normalize(String text) {
        List<String> lines = text.lines().map(l -> l.stripTrailing()).toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString().strip();
    }
}
