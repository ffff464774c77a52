package dev.tandem.cli.output;

import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Whether stderr is a person's terminal, and a stderr that counts what is written to it. */
public final class Terminal {

    private Terminal() {
    }

    /**
     * True when stdin, stdout (the console) and stderr are all a terminal. Java 22 and later have a
     * console even when redirected, and tell with {@code isTerminal()}; stderr is checked through
     * {@code /proc/self/fd/2} where there is one.
     */
    public static boolean stderrIsInteractive() {
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return false;
        }
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(stderr).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true; // no /proc (macOS): the console's word must do
        }
    }

    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before Java 22 a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * Replaces System.err with one that counts the bytes written through it (by the log too) and
     * returns the count. The new stream is a PrintStream subclass, so its writes lock the stream
     * itself on every Java version: whoever holds {@code System.err}'s monitor writes alone.
     */
    public static AtomicLong countStderr() {
        AtomicLong written = new AtomicLong();
        PrintStream original = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                written.incrementAndGet();
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                written.addAndGet(length);
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true) {
        });
        return written;
    }
}
