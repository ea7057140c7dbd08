#!/bin/sh
exec sh "$top_srcdir/scripts/check-source.sh" "$top_srcdir"
