package com.example;

import io.jray.annotations.Remote;

public class PrivateTask {
  @Remote
  private static int hidden() {
    return 1;
  }
}
