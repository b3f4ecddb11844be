-- Lays out the Avocet disk image window: background, icon size and positions that match
-- dmg-background.svg (app at 150,200; Applications link at 450,200). Run by CPack's
-- DragNDrop generator through CPACK_DMG_DS_STORE_SETUP_SCRIPT.
on run argv
  set image_name to item 1 of argv
  tell application "Finder"
    tell disk image_name
      open
      set current view of container window to icon view
      set toolbar visible of container window to false
      set statusbar visible of container window to false
      set the bounds of container window to {200, 120, 800, 520}
      set theViewOptions to the icon view options of container window
      set arrangement of theViewOptions to not arranged
      set icon size of theViewOptions to 96
      set background picture of theViewOptions to file ".background:background.png"
      set position of item "Avocet.app" of container window to {150, 200}
      set position of item "Applications" of container window to {450, 200}
      close
      open
      update without registering applications
      delay 2
      close
    end tell
  end tell
end run
