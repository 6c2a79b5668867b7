# Sourced by bin/jray and bin/jray-run: which java, its JDK and version, and the flags every jray
# JVM needs on it (jray_flags). The version comes from the JDK's release file, read by bash:
# asking the JVM would cost a JVM start.
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
resolved="$(readlink -f "$(command -v "$java_bin")")"
java_home="${resolved%/bin/java}"
version=""
if [ -f "$java_home/release" ]; then
  while IFS= read -r line; do
    case "$line" in
      JAVA_VERSION=*) version="${line#JAVA_VERSION=}"; version="${version//\"/}" ;;
    esac
  done < "$java_home/release"
fi
if [ -z "$version" ]; then
  java_home="$("$java_bin" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.home = //p')"
  version="$("$java_bin" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.version = //p')"
fi
feature="${version%%.*}"
jray_flags=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
)
if [ "$feature" -ge 24 ] 2>/dev/null; then
  # Chronicle's native and Unsafe access, which JDK 24+ warns about or refuses without these.
  jray_flags+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi
