package dev.tandem.sandbox.security;

import dev.tandem.kafka.ClusterIdentity;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.time.Polling;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * Makes a secured sandbox cluster's users once its broker answers: SCRAM credentials for every
 * user (both SCRAM mechanisms) and user tandem's ACLs, as the brokers' own super user over mutual
 * TLS, so no password is ever on a command line; then waits until a SASL login works, since a
 * credential reaches the listener through the metadata log a moment after it is written.
 */
public final class SandboxUsers {

    private static final int ITERATIONS = 4096;

    private SandboxUsers() {
    }

    /**
     * @param adminConfig settings of the brokers' own admin client (mutual TLS as User:broker)
     * @param saslBootstrap the SASL_SSL listener, where the new logins are tried
     */
    public static void create(String cluster, Map<String, Object> adminConfig, String saslBootstrap,
                              SandboxSecurity secrets, Clock clock, Instant deadline) {
        try (Admin admin = Admin.create(adminConfig)) {
            // A request may alter each user once: one request per mechanism.
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_512, ScramMechanism.SCRAM_SHA_256)) {
                List<UserScramCredentialAlteration> credentials = new ArrayList<>();
                for (String user : SandboxSecurity.USERS) {
                    credentials.add(new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(mechanism, ITERATIONS), secrets.password(user)));
                }
                admin.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
            }
            admin.createAcls(TandemAcls.bindings(SandboxSecurity.TANDEM)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(cluster + ": creating the sandbox's users and ACLs failed: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(cluster + ": interrupted while creating the sandbox's users", e);
        }
        awaitLogin(cluster, saslBootstrap, secrets, clock, deadline);
    }

    private static boolean loginWorks(String cluster, Map<String, Object> login) {
        try {
            return ClusterIdentity.probe(cluster, login, Duration.ofSeconds(2)).isPresent();
        } catch (ClusterUnreachableException notYet) {
            return false; // the credential has not reached the listener yet
        }
    }

    private static void awaitLogin(String cluster, String saslBootstrap, SandboxSecurity secrets, Clock clock,
                                   Instant deadline) {
        Map<String, Object> login = new LinkedHashMap<>(secrets.saslClient(SandboxSecurity.ADMIN));
        login.put("bootstrap.servers", saslBootstrap);
        boolean accepted;
        try {
            accepted = Polling.until(clock, Duration.between(clock.instant(), deadline), Duration.ofMillis(200),
                    () -> loginWorks(cluster, login), Boolean::booleanValue);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(cluster + ": interrupted while waiting for SASL logins", e);
        }
        if (!accepted) {
            throw new IllegalStateException(cluster + ": SASL logins on " + saslBootstrap
                    + " still fail after the users were created");
        }
    }
}
