/* issue 9 item 1: a local self-referencing struct, a list built and walked across yields */
#include <stdio.h>
#define OUT(x) printf("%d\n", (int)(x))

void g(void)
{
    struct node {
        int v;
        struct node *next;
    };
    struct node nodes[5];
    struct node *head = NULL;
    for (int i = 0; i < 5; i++) {
        nodes[i].v = i * 3;
        nodes[i].next = head;
        head = &nodes[i];
        OUT(i);
    }
    for (struct node *n = head; n; n = n->next)
        OUT(n->v);
}

int main(void)
{
    g();
    return 0;
}
