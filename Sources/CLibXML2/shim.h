#ifndef STANCEKIT_CLIBXML2_SHIM_H
#define STANCEKIT_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU; its <unicode/ucnv.h> clashes with Foundation's copy of ICU.
// Dropping the flag only removes trailing fields of xmlCharEncodingHandler, which Swift never reads.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlmemory.h>

/// `xmlFree` is a mutable C global, which Swift 6 rejects; call it through this function.
static inline void clibxml2_free(void *p) { xmlFree(p); }

/// An external entity loader that refuses every load, so no input can make the parser read a file or URL.
static inline xmlParserInputPtr clibxml2_refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

/// Installs the refusing loader for the whole process.
static inline void clibxml2_install_refusing_loader(void) {
    xmlSetExternalEntityLoader(clibxml2_refuse_loader);
}

#endif
