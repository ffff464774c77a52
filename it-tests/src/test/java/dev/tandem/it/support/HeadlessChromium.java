package dev.tandem.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium (Debian's {@code chromium} package; {@code .ci/run} installs it) driven over
 * the DevTools protocol from Java's own HTTP and WebSocket client: opens a page, evaluates JavaScript in
 * it, emulates print media, prints it to PDF. Nothing here installs or downloads anything.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://([^/]+)/");

    private final Process process;
    private final Path profile;
    private final String address;
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.List<Tab> tabs = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, String address) {
        this.process = process;
        this.profile = profile;
        this.address = address;
    }

    /** The browser: {@code -Dtandem.chromium=PATH}, else chromium, chromium-browser or google-chrome on the PATH. */
    public static Path executable() {
        String configured = System.getProperty("tandem.chromium", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv("PATH").split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("no headless browser: install Debian's chromium package (.ci/run does)"
                + " or set -Dtandem.chromium=PATH");
    }

    public static HeadlessChromium start(Path work) throws Exception {
        Path profile = Files.createTempDirectory(work, "chromium-");
        Path log = profile.resolve("chromium.log");
        Process process = new ProcessBuilder(executable().toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--remote-debugging-port=0",
                "--window-size=1280,900",
                "--user-data-dir=" + profile.resolve("profile"), "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String listening = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> process.isAlive() ? Files.readString(log) : "exited",
                            text -> text.equals("exited") || LISTENING.matcher(text).find());
            Matcher m = LISTENING.matcher(listening);
            if (m.find()) {
                return new HeadlessChromium(process, profile, m.group(1));
            }
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // told below, with the browser's own words
        } catch (Throwable e) {
            process.destroyForcibly().waitFor(); // never leave a browser behind
            throw e;
        }
        process.destroyForcibly().waitFor();
        throw new AssertionError("chromium did not start: " + Files.readString(log));
    }

    /** A tab showing {@code page}, once that page (not the blank one a new tab starts with) is loaded. */
    public Tab open(Path page) throws Exception {
        String url = page.toUri().toString();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/json/new?"
                + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode target = JSON.readTree(created.body());
        Replies replies = new Replies();
        Tab tab = new Tab(http.newWebSocketBuilder().buildAsync(URI.create(target.path("webSocketDebuggerUrl").asText()),
                replies).get(30, TimeUnit.SECONDS), replies);
        tabs.add(tab);
        String loaded = "document.readyState === 'complete' && location.href === " + JSON.writeValueAsString(url);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tab.evaluate(loaded).asBoolean());
        return tab;
    }

    /** One page and its DevTools connection (closed with the browser). */
    public static final class Tab implements AutoCloseable {
        private final WebSocket socket;
        private final Replies replies;
        private final AtomicInteger ids = new AtomicInteger();

        private Tab(WebSocket socket, Replies replies) {
            this.socket = socket;
            this.replies = replies;
        }

        /** The value of a JavaScript expression in the page (JSON-serialisable values only). */
        public JsonNode evaluate(String expression) throws Exception {
            JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new AssertionError("in the page: " + result.path("exceptionDetails"));
            }
            return result.path("result").path("value");
        }

        /** Renders the page as for {@code media} ("print" or "screen"). */
        public void emulateMedia(String media) throws Exception {
            call("Emulation.setEmulatedMedia", Map.of("media", media));
        }

        /** The page printed to A4 as the browser's print would, as PDF bytes. */
        public byte[] printToPdf() throws Exception {
            JsonNode result = call("Page.printToPDF", Map.of("paperWidth", 8.27, "paperHeight", 11.69));
            return java.util.Base64.getDecoder().decode(result.path("data").asText());
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
            socket.abort();
        }

        private JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            replies.pending.put(id, reply);
            socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
            JsonNode answer = reply.get(60, TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new AssertionError(method + ": " + answer.path("error"));
            }
            return answer.path("result");
        }
    }

    /** Collects each reply (its frames joined) and completes the call waiting for its id. */
    private static final class Replies implements WebSocket.Listener {
        final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder frames = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(frames.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asInt());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
                frames.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        tabs.forEach(Tab::close);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
