package io.jray.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jray.ObjectRef;
import io.jray.internal.refs.ContainedRefs;
import io.jray.internal.serialization.Serializer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectRefSerializerTest {
  private final Serializer serializer = new Serializer(ObjectRefSerializer::register);

  @Test
  void refsReadWhileRenamingTakeTheirNewIdsAndOthersKeepTheirs() {
    byte[] bytes = serializer.serialize(List.of(new ObjectRefImpl<>(11L), new ObjectRefImpl<>(12L),
        new ObjectRefImpl<>(11L)));
    @SuppressWarnings("unchecked")
    List<ObjectRef<?>> renamed = ObjectRefSerializer.renaming(Map.of(11L, 911L),
        () -> (List<ObjectRef<?>>) serializer.deserialize(bytes));
    assertEquals(List.of(911L, 12L, 911L),
        renamed.stream().map(ObjectRefImpl::idOf).toList());

    ContainedRefs.Result<byte[]> again = ContainedRefs.collect(() -> serializer.serialize(renamed));
    assertEquals(List.of(911L, 12L, 911L), java.util.Arrays.stream(again.refs()).boxed().toList());
    @SuppressWarnings("unchecked")
    List<ObjectRef<?>> plain = (List<ObjectRef<?>>) serializer.deserialize(bytes);
    assertEquals(11L, ObjectRefImpl.idOf(plain.get(0)), "a renaming outlived its read");
  }
}
