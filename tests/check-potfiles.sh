#!/bin/sh
exec sh "$top_srcdir/scripts/check-potfiles.sh" "$top_srcdir"
