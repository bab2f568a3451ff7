/* torture (types): a forward tag declaration in a block, completed later in the block, shadowing a file-scope struct of the same tag */
#include <stdio.h>
struct node { long big[8]; };
static void g(void)
{
    struct node;
    struct node *p = 0;
    struct node { int v; struct node *next; } n = {1, 0}, m = {2, 0};
    m.next = &n;
    p = &m;
    printf("%d\n", (int)(p->next->v));
    printf("%d\n", (int)((int)sizeof(struct node)));
}
int main(void)
{
    g();
    return 0;
}
