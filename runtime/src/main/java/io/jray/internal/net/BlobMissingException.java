package io.jray.internal.net;

/** The peer asked for a blob does not have it (its {@link BlobSource} found no such id). */
public class BlobMissingException extends DataPlaneException {
  private static final long serialVersionUID = 1L;

  public BlobMissingException(String message) {
    super(message);
  }
}
