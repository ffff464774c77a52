package dev.tandem.it.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the secured variants against going silently empty: every test class marked
 * {@link OnClusters} keeps at least one test ({@link AlsoSecured} inherited, or its own), so a base
 * class that loses its marks fails the build instead of leaving a green class that tests nothing.
 */
class SecuredVariantsTest {

    private static final Path TEST_CLASSES = Path.of("target/test-classes");

    @Test
    void everySecuredVariantKeepsATest() throws Exception {
        List<Class<?>> secured = securedClasses();

        assertThat(secured).as("secured variants found in " + TEST_CLASSES.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(11);
        assertThat(secured).allSatisfy(c -> assertThat(keptTests(c)).as(c.getSimpleName()).isNotEmpty());
    }

    private static List<Method> keptTests(Class<?> variant) {
        return Stream.<Class<?>>iterate(variant, c -> c != null && c != Object.class, c -> c.getSuperclass())
                .flatMap(c -> Stream.of(c.getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(org.junit.jupiter.api.Test.class))
                .filter(m -> m.getDeclaringClass() == variant || m.isAnnotationPresent(AlsoSecured.class))
                .toList();
    }

    private static List<Class<?>> securedClasses() throws IOException {
        try (Stream<Path> files = Files.walk(TEST_CLASSES)) {
            return files.map(p -> TEST_CLASSES.relativize(p).toString())
                    .filter(name -> name.endsWith("IT.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .map(SecuredVariantsTest::load)
                    .filter(c -> c.isAnnotationPresent(OnClusters.class))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, SecuredVariantsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
