package io.jray;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Options that say nothing leave the class's {@code @Remote} in charge; set, they replace it. */
class ActorOptionsTest {

  @Test
  void isolationUnsetKeepsTheClassValue() {
    assertTrue(ActorOptions.defaults().isolatedOr(true));
    assertFalse(ActorOptions.defaults().isolatedOr(false));
    ActorOptions named = ActorOptions.builder().name("sandbox").build();
    assertTrue(named.isolatedOr(true));
    assertFalse(named.isolatedOr(false));
  }

  @Test
  void isolationSetReplacesTheClassValueEitherWay() {
    ActorOptions isolated = ActorOptions.builder().isolated(true).build();
    assertTrue(isolated.isolatedOr(false), "isolates an actor of a class that shares");
    assertTrue(isolated.isolatedOr(true));
    ActorOptions shared = ActorOptions.builder().isolated(false).build();
    assertFalse(shared.isolatedOr(true), "lets an actor of an isolated class share");
    assertFalse(shared.isolatedOr(false));
  }

  @Test
  void theLastIsolationSetWins() {
    assertFalse(ActorOptions.builder().isolated(true).isolated(false).build().isolatedOr(true));
  }
}
