/* portal-test-util.h — a portal server in a thread, and an HTTP client, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eb-portal-server.h"

G_BEGIN_DECLS

/* A valid form for the demo person 10000000146 (Bulanık, Muş). */
#define TEST_SECURITY_WORD "ZeytinDalı-7395"
#define TEST_MOBILE        "5321234567"

typedef struct
{
  char           *dir;
  char           *db_path;
  char           *base_url;

  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  EbPortalServer *server;
  EbSmsGateway   *gateway;       /* NULL: the capturing callback gateway */

  GMutex          lock;
  GCond           cond;
  gboolean        ready;
  GError         *start_error;
  gint64          clock_offset;  /* µs added to the real time, under lock */
  GPtrArray      *sms;           /* texts received, under lock */
  gboolean        sms_refuse;    /* make the callback gateway refuse */
  gboolean        training;      /* a practice portal; set before starting */

  SoupSession    *soup;
} PortalFixture;

typedef struct
{
  guint               status;
  JsonObject         *body;     /* NULL if the reply was not a JSON object */
  GBytes             *raw;      /* the body as it came */
  SoupMessageHeaders *headers;
} Reply;

void        portal_fixture_setup        (PortalFixture *f,
                                         gconstpointer  data);
void        portal_fixture_start        (PortalFixture *f);
void        portal_fixture_teardown     (PortalFixture *f,
                                         gconstpointer  data);
void        portal_fixture_advance      (PortalFixture *f,
                                         gint64         seconds);
void        portal_fixture_run_in_server (PortalFixture *f,
                                          GSourceFunc    func,
                                          gpointer       data);
char       *portal_fixture_dup_last_sms (PortalFixture *f);
guint       portal_fixture_count_sms    (PortalFixture *f);
char       *portal_fixture_dup_code     (PortalFixture *f);
GBytes     *portal_fixture_registry_csv (void);

Reply      *portal_request              (PortalFixture *f,
                                         const char    *method,
                                         const char    *path,
                                         const char    *token,
                                         const char    *content_type,
                                         const char    *body,
                                         gssize         length);
Reply      *portal_request_json         (PortalFixture *f,
                                         const char    *method,
                                         const char    *path,
                                         const char    *token,
                                         JsonObject    *body);
void        reply_free                  (Reply         *reply);
void        assert_error                (Reply         *reply,
                                         guint          status,
                                         const char    *code);
const char *reply_get_string            (Reply         *reply,
                                         const char    *member);
gint64      reply_get_error_int         (Reply         *reply,
                                         const char    *member);

char       *portal_start_session        (PortalFixture *f,
                                         char         **captcha_id);
JsonObject *portal_identity             (const char    *tckn,
                                         const char    *first_name,
                                         const char    *last_name,
                                         const char    *birth_place,
                                         const char    *birth_date);
Reply      *portal_login_with           (PortalFixture *f,
                                         const char    *token,
                                         const char    *captcha_id,
                                         const char    *answer,
                                         JsonObject    *identity);
char       *portal_login                (PortalFixture *f);
JsonObject *portal_valid_form           (const char    *reason);
char       *portal_save_form            (PortalFixture *f,
                                         const char    *reason);
char       *portal_verify_phone         (PortalFixture *f,
                                         const char    *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

G_END_DECLS
