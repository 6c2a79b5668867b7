package com.example;

public class Team<T> {
  private T captain;

  public T captain() {
    return captain;
  }

  public void captain(T newCaptain) {
    captain = newCaptain;
  }
}
