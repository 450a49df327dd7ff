; Fault Lab's additions to electron-builder's NSIS installer (nsis.include).
;
; electron-builder registers the FaultLab.Scenario ProgID for ".faultlab.json". Windows
; types a file by its last extension, so Explorer sees a scenario as a ".json" file: here
; Fault Lab is also listed under .json's OpenWithProgids, which puts it in "Open with"
; without taking the default program for JSON away from anyone. The uninstaller removes
; exactly that value again.

!macro customInstall
  WriteRegNone SHELL_CONTEXT "Software\Classes\.json\OpenWithProgids" "FaultLab.Scenario"
  System::Call 'Shell32::SHChangeNotify(i 0x08000000, i 0, i 0, i 0)'
!macroend

!macro customUnInstall
  DeleteRegValue SHELL_CONTEXT "Software\Classes\.json\OpenWithProgids" "FaultLab.Scenario"
  System::Call 'Shell32::SHChangeNotify(i 0x08000000, i 0, i 0, i 0)'
!macroend
