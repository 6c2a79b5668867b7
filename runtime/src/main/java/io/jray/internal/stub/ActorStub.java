package io.jray.internal.stub;

import io.jray.ActorHandle;

/**
 * What every generated actor handle is besides an {@link ActorHandle}: a way for the runtime to
 * reach the actor it stands for (for {@code Ray.kill}, say).
 *
 * <p>For generated code only; not part of the API.
 */
public interface ActorStub extends ActorHandle {

  ActorRef actorRef();

  @Override
  default String actorId() {
    return actorRef().hex();
  }
}
