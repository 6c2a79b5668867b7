package io.jray.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * Finds @Remote on local classes and on methods of local and anonymous classes. Javac does not
 * enter those classes before annotation processing, so {@code getElementsAnnotatedWith} never
 * returns them; this reads the source trees instead and matches the annotation by name. Where the
 * trees are not available (ECJ, or Gradle's wrapped environment for incremental processing) it
 * does nothing, and such misuse goes unreported: the annotation is simply without effect there.
 */
final class LocalClassScanner {
  private static final String PACKAGE = "io.jray.annotations";

  private final Trees trees;

  private LocalClassScanner(Trees trees) {
    this.trees = trees;
  }

  static LocalClassScanner create(ProcessingEnvironment environment) {
    try {
      return new LocalClassScanner(Trees.instance(environment));
    } catch (IllegalArgumentException | LinkageError e) {
      return new LocalClassScanner(null);
    }
  }

  /** Reports an error on each @Remote method of a local class; returns whether it found one. */
  boolean scan(Set<? extends Element> rootElements) {
    if (trees == null) {
      return false;
    }
    Set<CompilationUnitTree> units = new LinkedHashSet<>();
    for (Element root : rootElements) {
      TreePath path = root instanceof TypeElement ? trees.getPath(root) : null;
      if (path != null) {
        units.add(path.getCompilationUnit());
      }
    }
    boolean found = false;
    for (CompilationUnitTree unit : units) {
      Scanner scanner = new Scanner(unit);
      scanner.scan(unit, null);
      found |= scanner.found;
    }
    return found;
  }

  private final class Scanner extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final boolean imported;
    private boolean found;

    Scanner(CompilationUnitTree unit) {
      this.unit = unit;
      this.imported = importsRemote(unit);
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      boolean local = !(parent instanceof ClassTree) && !(parent instanceof CompilationUnitTree);
      if (local) {
        if (isRemote(node.getModifiers().getAnnotations())) {
          trees.printMessage(Kind.ERROR, Messages.LOCAL_ACTOR, node, unit);
          found = true;
        }
        for (Tree member : node.getMembers()) {
          if (member instanceof MethodTree method
              && isRemote(method.getModifiers().getAnnotations())) {
            trees.printMessage(Kind.ERROR, Messages.LOCAL_CLASS, method, unit);
            found = true;
          }
        }
      }
      return super.visitClass(node, unused);
    }

    private boolean isRemote(List<? extends AnnotationTree> annotations) {
      for (AnnotationTree annotation : annotations) {
        String name = annotation.getAnnotationType().toString();
        if (name.equals(RemoteAnnotation.NAME) || imported && name.equals("Remote")) {
          return true;
        }
      }
      return false;
    }
  }

  private static boolean importsRemote(CompilationUnitTree unit) {
    if (unit.getPackageName() != null && unit.getPackageName().toString().equals(PACKAGE)) {
      return true;
    }
    for (ImportTree importTree : unit.getImports()) {
      String name = importTree.getQualifiedIdentifier().toString();
      if (!importTree.isStatic()
          && (name.equals(RemoteAnnotation.NAME) || name.equals(PACKAGE + ".*"))) {
        return true;
      }
    }
    return false;
  }
}
