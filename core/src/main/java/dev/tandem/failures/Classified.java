package dev.tandem.failures;

/**
 * An exception raised with its {@link Failure} attached, as {@link FailureClassifier} told it where
 * the failure happened (which cluster, which call, which topic).
 */
public interface Classified {

    Failure failure();
}
