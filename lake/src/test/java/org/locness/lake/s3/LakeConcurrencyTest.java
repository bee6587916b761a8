package org.locness.lake.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.ObjectKey;

/**
 * How many requests one lake client has in flight, seen from the server: an S3 peer that answers an
 * object's GET only once {@link #REQUESTS} of them have arrived (or a deadline has passed), so a
 * client that holds some back shows it. The embedded s3proxy answers at once and cannot show it.
 */
class LakeConcurrencyTest {
    /** More than OkHttp's default of 5 requests at once per host. */
    private static final int REQUESTS = 12;
    private static final long DEADLINE_SECONDS = 10;

    @TempDir
    Path dir;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountDownLatch allArrived = new CountDownLatch(REQUESTS);
    private HttpServer server;
    private ExecutorService serverThreads;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        serverThreads = Executors.newFixedThreadPool(REQUESTS + 2);
        server.setExecutor(serverThreads);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void aClientSendsAsManyRequestsAtOnceAsItsCallersMake() throws Exception {
        Lake lake = Lake.connect(new LakeSettings("http://127.0.0.1:" + server.getAddress().getPort(), "access", "secret",
                "lake"));
        ExecutorService callers = Executors.newFixedThreadPool(REQUESTS);
        try {
            List<Future<Long>> downloads = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                ObjectKey key = ObjectKey.of("held/" + i + ".txt");
                Path target = dir.resolve(key.value());
                downloads.add(callers.submit(() -> lake.download(key, target)));
            }
            for (Future<Long> download : downloads) {
                assertEquals(2L, download.get(2 * DEADLINE_SECONDS, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }

        assertEquals(REQUESTS, maxInFlight.get(), "requests the server saw at once");
        assertEquals("ok", Files.readString(dir.resolve("held/0.txt")));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getQuery() != null && exchange.getRequestURI().getQuery().contains("location")) {
                respond(exchange, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint"
                        + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">us-east-1</LocationConstraint>");
                return;
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                allArrived.countDown();
                allArrived.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
                exchange.getResponseHeaders().add("ETag", "\"444bcb3a3fcf8389296c49467f27e1d6\"");
                respond(exchange, "text/plain", "ok");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
