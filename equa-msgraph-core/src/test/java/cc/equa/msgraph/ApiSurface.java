package cc.equa.msgraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.lang.reflect.GenericArrayType;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reflection over a module's public API: every public or protected member of every public type in the given
 * packages (not their {@code internal} sub-packages), and the types those signatures mention. Shared with the
 * testkit's tests through core's test jar.
 */
public final class ApiSurface {

    /** Package prefixes no public signature may mention: Graph SDK, Kiota, Azure, OkHttp and their runtimes. */
    public static final List<String> FORBIDDEN = List.of(
            "com.microsoft.graph.", "com.microsoft.kiota.", "com.microsoft.aad.", "com.azure.", "okhttp3.",
            "okio.", "mockwebserver3.", "kotlin.", "reactor.", "io.netty.", "com.google.gson.");

    private ApiSurface() {
    }

    /**
     * List the public types of a package (top-level and nested), excluding sub-packages.
     *
     * @param packageName the package
     * @return the types
     */
    public static List<Class<?>> publicTypes(String packageName) {
        List<Class<?>> types = new ArrayList<>();
        for (String name : classNames(packageName)) {
            try {
                Class<?> type = Class.forName(name, false, ApiSurface.class.getClassLoader());
                if (isExposed(type)) {
                    types.add(type);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return types;
    }

    private static boolean isExposed(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) && !Modifier.isProtected(t.getModifiers())) {
                return false;
            }
        }
        return !type.isSynthetic() && !type.isAnonymousClass();
    }

    /**
     * Return every exposed signature element of {@code types} that mentions a forbidden type, as readable lines.
     *
     * @param types the public types
     * @return the violations, sorted
     */
    public static Set<String> leaks(List<Class<?>> types) {
        Set<String> leaks = new TreeSet<>();
        for (Class<?> type : types) {
            check(leaks, type.getName() + " extends", type.getGenericSuperclass());
            for (Type i : type.getGenericInterfaces()) {
                check(leaks, type.getName() + " implements", i);
            }
            for (Method m : type.getDeclaredMethods()) {
                if (exposed(m.getModifiers()) && !m.isSynthetic()) {
                    String where = type.getName() + "#" + m.getName();
                    check(leaks, where + " returns", m.getGenericReturnType());
                    for (Type p : m.getGenericParameterTypes()) {
                        check(leaks, where + " parameter", p);
                    }
                    for (Type e : m.getGenericExceptionTypes()) {
                        check(leaks, where + " throws", e);
                    }
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (exposed(c.getModifiers()) && !c.isSynthetic()) {
                    for (Type p : c.getGenericParameterTypes()) {
                        check(leaks, type.getName() + "#<init> parameter", p);
                    }
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (exposed(f.getModifiers()) && !f.isSynthetic()) {
                    check(leaks, type.getName() + "." + f.getName(), f.getGenericType());
                }
            }
            if (type.isRecord()) {
                for (RecordComponent rc : type.getRecordComponents()) {
                    check(leaks, type.getName() + " component " + rc.getName(), rc.getGenericType());
                }
            }
        }
        return leaks;
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(Set<String> leaks, String where, Type type) {
        if (type == null) {
            return;
        }
        if (type instanceof Class<?> c) {
            Class<?> base = c;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            String name = base.getName();
            for (String prefix : FORBIDDEN) {
                if (name.startsWith(prefix)) {
                    leaks.add(where + ": " + name);
                }
            }
        } else if (type instanceof ParameterizedType p) {
            check(leaks, where, p.getRawType());
            for (Type a : p.getActualTypeArguments()) {
                check(leaks, where, a);
            }
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(leaks, where, b);
            }
            for (Type b : w.getLowerBounds()) {
                check(leaks, where, b);
            }
        } else if (type instanceof GenericArrayType g) {
            check(leaks, where, g.getGenericComponentType());
        } else if (type instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                check(leaks, where, b);
            }
        }
    }

    /**
     * List every package holding classes in the code source (a directory or a jar) of {@code anchor}.
     *
     * @param anchor a class of the module
     * @return the package names
     * @throws Exception if the code source cannot be read
     */
    public static Set<String> packagesOf(Class<?> anchor) throws Exception {
        Path root = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> packages = new TreeSet<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> root.relativize(f.getParent()).toString().replace(java.io.File.separatorChar, '.'))
                        .filter(p -> !p.isEmpty() && !p.startsWith("META-INF"))
                        .forEach(packages::add);
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class") && n.contains("/")
                        && !n.startsWith("META-INF"))
                        .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.')).forEach(packages::add);
            }
        }
        return packages;
    }

    private static List<String> classNames(String packageName) {
        String path = packageName.replace('.', '/');
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> roots = ApiSurface.class.getClassLoader().getResources(path);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if ("file".equals(root.getProtocol())) {
                    Path dir = Paths.get(root.toURI());
                    try (Stream<Path> files = Files.list(dir)) {
                        files.map(f -> f.getFileName().toString())
                                .filter(f -> f.endsWith(".class") && !f.equals("package-info.class")
                                        && !f.equals("module-info.class"))
                                .forEach(f -> names.add(packageName + "." + f.substring(0, f.length() - 6)));
                    }
                } else if ("jar".equals(root.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) root.openConnection();
                    try (JarFile jar = connection.getJarFile()) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            String entry = entries.nextElement().getName();
                            if (entry.startsWith(path + "/") && entry.endsWith(".class")
                                    && entry.indexOf('/', path.length() + 1) < 0
                                    && !entry.endsWith("package-info.class")) {
                                names.add(entry.substring(0, entry.length() - 6).replace('/', '.'));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
