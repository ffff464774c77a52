package dev.tandem.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few HTTP pages a Tandem process serves (metrics and health, the status page): each path a
 * supplier of its page, other paths 404. A page that fails to render answers 500 with one line and
 * is logged, so that a scraper or a browser never waits on a request that was dropped.
 */
public final class PageServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PageServer.class);

    /** One answer: status code, content type and body. */
    public record Page(int status, String contentType, byte[] body) {
        public static Page of(int status, String contentType, String body) {
            return new Page(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        public static Page text(int status, String line) {
            return of(status, "text/plain; charset=utf-8", line + "\n");
        }
    }

    /** Thrown when the address cannot be listened on (in use, not this host's, or privileged): a usage error. */
    public static final class CannotListen extends RuntimeException {
        CannotListen(InetSocketAddress address, BindException e) {
            super("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage()
                    + " (a port in use, an address this host does not have, or a port below 1024 without root)", e);
        }
    }

    private final HttpServer server;

    /** Serves {@code pages} (by exact path) on {@code address} until closed. */
    public PageServer(InetSocketAddress address, Map<String, Supplier<Page>> pages) {
        try {
            server = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new CannotListen(address, e);
        } catch (IOException e) {
            throw new UncheckedIOException("serve on " + address, e);
        }
        Map<String, Supplier<Page>> routes = Map.copyOf(pages);
        server.createContext("/", exchange -> {
            try (exchange) {
                Supplier<Page> page = routes.get(exchange.getRequestURI().getPath());
                answer(exchange, page == null ? Page.text(404, "not found: " + exchange.getRequestURI().getPath())
                        : render(exchange, page));
            }
        });
        server.start();
    }

    private static Page render(HttpExchange exchange, Supplier<Page> page) {
        try {
            return page.get();
        } catch (RuntimeException | Error e) { // an answer in every case: a request never waits on a dropped exchange
            LOG.warn("serving {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
            return Page.text(500, "failed: " + e);
        }
    }

    private static void answer(HttpExchange exchange, Page page) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", page.contentType());
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(page.status(), head || page.body().length == 0 ? -1 : page.body().length);
        if (!head && page.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page.body());
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
