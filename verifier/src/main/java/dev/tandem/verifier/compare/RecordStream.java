package dev.tandem.verifier.compare;

/** The records of one partition in offset order, up to a fixed end; read one at a time, memory bounded. */
public interface RecordStream {

    /** The next record without taking it; null at the end. */
    ComparedRecord peek();

    /** Takes the next record; null at the end. */
    ComparedRecord next();
}
