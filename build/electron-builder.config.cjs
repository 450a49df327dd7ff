// electron-builder configuration: the installers Fault Lab ships as, for labs without
// network. `npm run dist` (build/dist.mjs) builds everything, checks that Electron's binary
// and the builder's tools can be had, then runs electron-builder with this file for the
// current OS. build/electron-builder.config.test.ts checks it.
//
// What goes into the app: only the built output under out/ (main, preload, renderer, the
// bundled replica and CLI), without source maps, plus package.json. Sources, tests and
// build scripts stay out. Runtime dependencies are pure JavaScript: no native modules, so
// nothing is rebuilt and one build per OS serves every machine of that OS.

/** The scenario file extension of the design document (without the leading dot). */
const SCENARIO_EXT = 'faultlab.json';
/** The MIME type registered for scenario files on Linux (shared-mime-info glob *.faultlab.json). */
const SCENARIO_MIME = 'application/x-faultlab+json';
/** The assignment file extension (shared/assignment.ts ASSIGNMENT_EXTENSION, without the leading dot). */
const ASSIGNMENT_EXT = 'faultlab-assignment.json';
/** The MIME type registered for assignment files on Linux (glob *.faultlab-assignment.json). */
const ASSIGNMENT_MIME = 'application/x-faultlab-assignment+json';

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'org.faultlab.FaultLab',
  productName: 'Fault Lab',
  copyright: 'Copyright © Fault Lab contributors (MIT)',
  directories: { buildResources: 'build', output: 'dist' },
  // The packaged package.json: the app starts the bundled main process (build/build-node.mjs
  // writes it), and on Linux names its window after the .desktop file (Wayland app_id).
  extraMetadata: { main: 'out/node/main.cjs', desktopName: 'fault-lab.desktop' },

  files: ['package.json', 'out/**/*', '!out/**/*.map', '!out/**/*.{ts,tsbuildinfo}', '!**/*.test.*'],
  // The built-in lab guide (Help → Lab guide) ships beside app.asar, readable offline: the
  // renderer build's copy, which carries the Korean font for its Korean text.
  extraResources: [{ from: 'out/renderer', to: 'guide', filter: ['guide.html', 'guide.ko.html'] }],
  asar: true,

  // No native modules: nothing to rebuild, nothing to download for node-gyp.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,

  // Installers are handed out by the teacher; nothing is uploaded or auto-updated.
  publish: null,

  // Electron fuses, flipped in the packaged binary. RunAsNode off: replicas run through
  // utilityProcess.fork, which does not need ELECTRON_RUN_AS_NODE. No NODE_OPTIONS, no
  // --inspect: nobody attaches a debugger to a lab machine's app. The app loads only from
  // app.asar, whose integrity is checked (macOS, Windows). file:// pages get no extra
  // privileges: the renderer is served from the app's own app://lab/ origin, and the lab
  // guide, the one file:// page, is static HTML without script.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },

  // Scenario and assignment files open in Fault Lab (the main process tells them apart by
  // name: electron/app/open-file.ts). Declared per OS (electron-builder adds a platform's
  // list to the global one), because each OS names the type differently.

  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    category: 'Education',
    icon: 'build/icons/linux',
    // deb installs a shared-mime-info glob *.faultlab.json -> SCENARIO_MIME, and the
    // .desktop entry declares it, so a double-click opens the app.
    fileAssociations: [
      { ext: SCENARIO_EXT, name: 'Fault Lab scenario', description: 'Fault Lab scenario', mimeType: SCENARIO_MIME },
      { ext: ASSIGNMENT_EXT, name: 'Fault Lab assignment', description: 'Fault Lab assignment', mimeType: ASSIGNMENT_MIME },
    ],
    executableName: 'fault-lab',
    syncDesktopName: true,
    synopsis: 'A lab for state-machine replication and primary-backup',
    maintainer: 'Fault Lab contributors',
    desktop: {
      entry: {
        Keywords: 'replication;distributed;fault;byzantine;failover;lab;',
        Comment: 'Inject faults into a replicated service and measure what happens',
      },
    },
  },
  deb: { packageCategory: 'education', priority: 'optional' },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },

  win: {
    target: [
      { target: 'nsis', arch: ['x64'] },
      { target: 'portable', arch: ['x64'] },
    ],
    icon: 'build/icons/icon.ico',
    // The ProgID (name) names the type in the registry: no spaces.
    fileAssociations: [
      { ext: SCENARIO_EXT, name: 'FaultLab.Scenario', description: 'Fault Lab scenario' },
      { ext: ASSIGNMENT_EXT, name: 'FaultLab.Assignment', description: 'Fault Lab assignment' },
    ],
  },
  nsis: {
    // Per-machine, so file associations are registered for every student account.
    perMachine: true,
    oneClick: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Fault Lab',
    installerIcon: 'build/icons/icon.ico',
    uninstallerIcon: 'build/icons/icon.ico',
    // Adds Fault Lab to "Open with" for .json files (never as their default program):
    // Windows types a file by its last extension only, so *.faultlab.json is a .json file there.
    include: 'build/installer.nsh',
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
  portable: { artifactName: '${productName}-${version}-portable.${ext}' },

  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.education',
    icon: 'build/icons/icon.icns',
    hardenedRuntime: true,
    darkModeSupport: true,
    // Finder may type a scenario by its last extension, as Windows does: Fault Lab is also an
    // alternate (never default) app for JSON, so "Open With" and dropping on the Dock work.
    fileAssociations: [
      { ext: SCENARIO_EXT, name: 'Fault Lab scenario', role: 'Editor', rank: 'Owner' },
      { ext: ASSIGNMENT_EXT, name: 'Fault Lab assignment', role: 'Viewer', rank: 'Owner' },
      { ext: 'json', name: 'JSON document', role: 'Viewer', rank: 'Alternate' },
    ],
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
};

module.exports = config;
