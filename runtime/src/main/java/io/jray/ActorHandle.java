package io.jray;

/** A handle to a remote actor: implemented by every generated {@code <Name>Remote} actor class. */
public interface ActorHandle {}
